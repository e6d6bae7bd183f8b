"""English as the portal's European users write it: day before month ("10/08/2015" is the
10th of August, as in the seed documents), so British conventions throughout."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# Dates inside sentences ("will be processed by Tuesday 1 December 2026, 15:45 GMT"): the
# weekday, the month in words, the 24-hour clock and the time zone the time is given in.
DATETIME_FORMAT = "l j F Y, H:i T"
