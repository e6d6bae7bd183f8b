"""Czech dates inside sentences: "do úterý 1. prosince 2026, 15:45 CET" (the month in the
genitive, as Django's "E" gives it; the weekday's genitive is its nominative)."""

DATETIME_FORMAT = r"l j. E Y, G:i T"
