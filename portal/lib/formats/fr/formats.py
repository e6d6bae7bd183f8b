"""French dates inside sentences: "d'ici le mardi 1 décembre 2026 à 15:45 CET" (months in
lower case: "F", not Django's capitalised "E")."""

DATETIME_FORMAT = r"l j F Y \à H:i T"
