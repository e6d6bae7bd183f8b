"""Hungarian dates are written "2015. 08. 10." as often as "2015.08.10."; Django knows only the
second."""

DATE_INPUT_FORMATS = [
    "%Y.%m.%d.",  # '2015.08.10.'
    "%Y. %m. %d.",  # '2015. 08. 10.'
    "%Y.%m.%d",  # '2015.08.10'
    "%Y. %m. %d",  # '2015. 08. 10'
]
