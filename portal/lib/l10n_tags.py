"""Dates and amounts for pages that show many of them (a page of 50 invoices): what Django's
filters give, for a fraction of their cost per value."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, ngettext

register = template.Library()

CENT = Decimal("0.01")


@register.filter(expects_localtime=True)
def short_date(value) -> str:
    """What `value|date:"SHORT_DATE_FORMAT"` gives, remembered per date and language: Django
    reads the format string afresh for every date, and a page holds only a few distinct dates."""
    if not value:
        return ""
    if isinstance(value, datetime):
        # Already in the user's time zone (expects_localtime); cached by its local day, because
        # aware datetimes compare by instant and another zone's day would be handed back.
        value = value.date()
    return _short_date(value, get_language())


@lru_cache(maxsize=4096)
def _short_date(value, language: str) -> str:
    # `language` is part of the cache key: date_format reads the active language itself.
    return date_format(value, "SHORT_DATE_FORMAT")


@register.filter(is_safe=True)
def amount(value) -> str:
    """What `value|floatformat:"2g"` gives (two decimals, thousands grouped the language's way)
    for a quarter of its cost: Python groups by three, then the language's marks replace its own."""
    if value is None or value == "":
        return ""
    decimal_mark, thousands_mark, grouping = _number_marks(get_language())
    if grouping != 3:
        return floatformat(value, "2g")
    try:
        rounded = Decimal(str(value)).quantize(CENT, ROUND_HALF_UP) + 0  # + 0: no "-0.00"
    except ArithmeticError:  # not a number, or more digits than a Decimal context holds
        return floatformat(value, "2g")
    text = f"{rounded:,}"
    return text.replace(",", "\0").replace(".", decimal_mark).replace("\0", thousands_mark)


@lru_cache(maxsize=16)
def _number_marks(language: str) -> tuple[str, str, int]:
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"), get_format("NUMBER_GROUPING")


@register.filter
def refreshed_ago(value) -> str:
    """"Last refreshed: 5 minutes ago" (then hours, then days) for a past moment, each a whole
    sentence counted with ngettext: inside a sentence the noun takes a case its number decides
    ("před 1 minutou", "1 minutę temu"), which Django's `timesince` ("1 minuta") cannot give."""
    if not value:
        return ""
    minutes = max(int((timezone.now() - value).total_seconds() // 60), 0)
    if minutes < 60:
        return ngettext(
            "Last refreshed: %(minutes)s minute ago", "Last refreshed: %(minutes)s minutes ago", minutes
        ) % {"minutes": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("Last refreshed: %(hours)s hour ago", "Last refreshed: %(hours)s hours ago", hours) % {
            "hours": hours
        }
    days = hours // 24
    return ngettext("Last refreshed: %(days)s day ago", "Last refreshed: %(days)s days ago", days) % {"days": days}
