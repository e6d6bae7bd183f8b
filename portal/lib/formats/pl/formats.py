"""Polish dates inside sentences: "do 1 grudnia 2026, 15:45 CET". The month in the genitive
("E"); no weekday, because Django gives it only in the nominative ("Wtorek"), which no
preposition takes."""

DATETIME_FORMAT = r"j E Y, H:i T"

# Short dates as Polish writes them and as the date boxes read them ("28.09.2026"); Django's
# "28-09-2026" is neither, so a date copied from a table into a filter was refused.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
