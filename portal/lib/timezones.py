"""Each person's time zone: the one they chose in My account, else the country of their language.
Pages are rendered in it (TimeZoneMiddleware), and so are the e-mails they receive."""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils import timezone, translation

# The country each of the portal's languages is written in (English: the British convention,
# as portal/lib/formats/en says).
LANGUAGE_TIME_ZONES = {
    "en": "Europe/London",
    "cs": "Europe/Prague",
    "de": "Europe/Berlin",
    "pl": "Europe/Warsaw",
    "fr": "Europe/Paris",
    "hu": "Europe/Budapest",
}


def language_time_zone(language: str) -> str:
    """The time zone name of `language`'s country; UTC for a language the portal does not know."""
    base = (language or settings.LANGUAGE_CODE).split("-")[0].lower()
    return LANGUAGE_TIME_ZONES.get(base, "UTC")


def person_time_zone(*, time_zone: str, language: str) -> str:
    """A person's chosen zone name (a `User.time_zone`, may be blank) or, without one, their
    language's."""
    return time_zone if time_zone in _known_zones() else language_time_zone(language)


REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every geographical zone name ("Europe/Prague"), sorted; not the legacy aliases."""
    names = (name for name in zoneinfo.available_timezones() if "/" in name and name.split("/")[0] in REGIONS)
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(time_zone_names())


class TimeZoneMiddleware:
    """Shows every time of a request in its user's time zone (after LocaleMiddleware, whose
    language decides it for people signed out or without a choice of their own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = user.time_zone if user is not None and user.is_authenticated else ""
        name = person_time_zone(time_zone=chosen, language=translation.get_language())
        with timezone.override(zoneinfo.ZoneInfo(name)):
            return self.get_response(request)
