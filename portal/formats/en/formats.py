"""English as the portal's European users write it: day before month ("10/08/2015" is the
10th of August, as in the seed documents), so British conventions throughout."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
