"""German dates inside sentences: "bis Dienstag, 1. Dezember 2026, 15:45 CET"."""

DATETIME_FORMAT = r"l, j. F Y, H:i T"
