"""Deadlines in business hours and reference numbers of support tickets."""

import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings


@lru_cache(maxsize=8)
def _holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase | dict:
    """The public holidays of the country and, if given, its subdivision (a `holidays` code
    such as "ENG", "SCT" or "BY"), which adds the region's own days."""
    if not country:
        return {}
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def _is_business_day(day: date) -> bool:
    return day.weekday() in settings.SUPPORT_BUSINESS_DAYS and day not in _holidays(
        settings.SUPPORT_HOLIDAY_COUNTRY, settings.SUPPORT_HOLIDAY_SUBDIVISION, day.year
    )


def _business_day_length() -> timedelta:
    opens, closes = settings.SUPPORT_OPENING_HOURS
    return timedelta(hours=closes - opens)


def business_deadline(start: datetime, *, hours: float | None = None) -> datetime:
    """The moment `hours` business hours after `start` (by default the configured number of
    business days), in the support team's time zone. Work is counted in local wall time, so a
    change of summer time never adds or removes an hour of work."""
    zone = ZoneInfo(settings.SUPPORT_TIME_ZONE)
    opens, closes = (time(hour) for hour in settings.SUPPORT_OPENING_HOURS)
    if hours is None:
        remaining = settings.SUPPORT_DEADLINE_BUSINESS_DAYS * _business_day_length()
    else:
        remaining = timedelta(hours=hours)
    local = start.astimezone(zone).replace(tzinfo=None)
    day, clock = local.date(), min(max(local.time(), opens), closes)
    while True:
        if _is_business_day(day):
            begin = datetime.combine(day, clock)
            available = datetime.combine(day, closes) - begin
            if remaining <= available:
                return (begin + remaining).replace(tzinfo=zone)
            remaining -= available
        day, clock = day + timedelta(days=1), opens


def reference_number_new(exists: Callable[[str], bool]) -> str:
    """A random 7-digit reference not yet taken (`exists` asks the caller's table)."""
    while True:
        reference = str(secrets.randbelow(9_000_000) + 1_000_000)
        if not exists(reference):
            return reference
