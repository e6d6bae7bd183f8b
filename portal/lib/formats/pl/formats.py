"""Polish dates inside sentences: "do 1 grudnia 2026, 15:45 CET". The month in the genitive
("E"); no weekday, because Django gives it only in the nominative ("Wtorek"), which no
preposition takes."""

DATETIME_FORMAT = r"j E Y, H:i T"
