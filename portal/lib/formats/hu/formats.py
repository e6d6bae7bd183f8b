"""Hungarian dates are written "2015. 08. 10." as often as "2015.08.10."; Django knows only the
second."""

DATE_INPUT_FORMATS = [
    "%Y.%m.%d.",  # '2015.08.10.'
    "%Y. %m. %d.",  # '2015. 08. 10.'
    "%Y.%m.%d",  # '2015.08.10'
    "%Y. %m. %d",  # '2015. 08. 10'
]

# Dates inside sentences: "2026. december 1., kedd 15:45 CET" (year first; sentences put the
# date after a colon, since a suffix such as "-ig" would have to agree with the day).
DATETIME_FORMAT = r"Y. F j., l H:i T"
