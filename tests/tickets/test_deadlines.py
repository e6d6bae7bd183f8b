import os
import subprocess
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.conf import settings
from hypothesis import given, settings as hypothesis_settings, strategies as st

from tickets.deadlines import business_deadline, reference_number_new

LONDON = ZoneInfo("Europe/London")


def at(*args, zone=LONDON):
    return datetime(*args, tzinfo=zone)


@pytest.fixture(autouse=True)
def support_desk(settings):
    settings.SUPPORT_TIME_ZONE = "Europe/London"
    settings.SUPPORT_HOLIDAY_COUNTRY = "GB"
    settings.SUPPORT_HOLIDAY_SUBDIVISION = "ENG"
    settings.SUPPORT_DEADLINE_BUSINESS_DAYS = 2
    return settings


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (at(2018, 4, 16, 15, 45), at(2018, 4, 18, 15, 45)),  # Monday afternoon → Wednesday
        (at(2026, 11, 21, 10, 0), at(2026, 11, 24, 17, 0)),  # Saturday → Tuesday at closing
        (at(2026, 11, 20, 16, 0), at(2026, 11, 24, 16, 0)),  # Friday 16:00 → Tuesday 16:00
        (at(2026, 11, 23, 7, 0), at(2026, 11, 24, 17, 0)),  # before opening
        (at(2026, 11, 23, 19, 30), at(2026, 11, 25, 17, 0)),  # after closing
    ],
)
def test_it_counts_business_hours(start, deadline):
    assert business_deadline(start) == deadline


def test_it_skips_public_holidays():
    # Christmas (Friday 25th) and Boxing Day's substitute (Monday 28th) are not working days.
    assert business_deadline(at(2026, 12, 24, 15, 0)) == at(2026, 12, 30, 15, 0)


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Good Friday 18 April 2025 and Easter Monday 21 April (England's, not the whole UK's).
        (at(2025, 4, 17, 12, 0), at(2025, 4, 23, 12, 0)),
        (at(2026, 4, 2, 12, 0), at(2026, 4, 8, 12, 0)),
        (at(2027, 3, 25, 12, 0), at(2027, 3, 31, 12, 0)),
        # Christmas on a Saturday: both substitutes, Monday 27 and Tuesday 28 December 2027.
        (at(2027, 12, 24, 15, 0), at(2027, 12, 30, 15, 0)),
        # Christmas on a Sunday: Boxing Day Monday 26, Christmas' substitute Tuesday 27 December 2022.
        (at(2022, 12, 23, 15, 0), at(2022, 12, 29, 15, 0)),
        # The late summer bank holiday, Monday 25 August 2025, is England's only.
        (at(2025, 8, 22, 12, 0), at(2025, 8, 27, 12, 0)),
    ],
)
def test_it_skips_the_holidays_of_the_support_team_region(start, deadline):
    assert business_deadline(start) == deadline


def test_a_scottish_desk_skips_scotland_s_holidays_and_works_england_s(support_desk):
    support_desk.SUPPORT_HOLIDAY_SUBDIVISION = "SCT"
    # St Andrew's Day, Sunday 30 November 2025, is observed on Monday 1 December in Scotland only.
    assert business_deadline(at(2025, 11, 28, 12, 0)) == at(2025, 12, 3, 12, 0)
    # Easter Monday 2025 is a working day there.
    assert business_deadline(at(2025, 4, 17, 12, 0)) == at(2025, 4, 22, 12, 0)
    support_desk.SUPPORT_HOLIDAY_SUBDIVISION = "ENG"
    assert business_deadline(at(2025, 11, 28, 12, 0)) == at(2025, 12, 2, 12, 0)


def test_a_regional_german_holiday_applies_only_with_its_subdivision(support_desk):
    berlin = ZoneInfo("Europe/Berlin")
    support_desk.SUPPORT_TIME_ZONE = "Europe/Berlin"
    support_desk.SUPPORT_HOLIDAY_COUNTRY = "DE"
    # Epiphany, Tuesday 6 January 2026, is a holiday in Bavaria, not in Germany as a whole.
    support_desk.SUPPORT_HOLIDAY_SUBDIVISION = "BY"
    assert business_deadline(at(2026, 1, 5, 12, 0, zone=berlin)) == at(2026, 1, 8, 12, 0, zone=berlin)
    support_desk.SUPPORT_HOLIDAY_SUBDIVISION = ""
    assert business_deadline(at(2026, 1, 5, 12, 0, zone=berlin)) == at(2026, 1, 7, 12, 0, zone=berlin)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"SUPPORT_HOLIDAY_SUBDIVISION": "XX"}, "does not have subdivision XX"),
        ({"SUPPORT_HOLIDAY_COUNTRY": "XX"}, "Country XX not available"),
    ],
)
def test_the_portal_refuses_to_start_with_a_region_its_country_lacks(environment, message):
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_without_a_holiday_country_only_weekends_count(support_desk):
    support_desk.SUPPORT_HOLIDAY_COUNTRY = ""
    assert business_deadline(at(2026, 12, 24, 15, 0)) == at(2026, 12, 28, 15, 0)


def test_a_change_to_summer_time_neither_adds_nor_removes_work():
    # Clocks go forward on Sunday 29 March 2026 in London.
    deadline = business_deadline(at(2026, 3, 27, 12, 0))
    assert deadline == at(2026, 3, 31, 12, 0)
    assert deadline.utcoffset() == timedelta(hours=1)


def test_it_works_in_the_support_team_time_zone(support_desk):
    support_desk.SUPPORT_TIME_ZONE = "Europe/Prague"
    support_desk.SUPPORT_HOLIDAY_COUNTRY = "CZ"
    support_desk.SUPPORT_HOLIDAY_SUBDIVISION = ""
    start = at(2026, 11, 23, 16, 30, zone=ZoneInfo("UTC"))  # 17:30 in Prague, closed
    assert business_deadline(start) == at(2026, 11, 25, 17, 0, zone=ZoneInfo("Europe/Prague"))


def test_it_takes_a_number_of_hours():
    assert business_deadline(at(2026, 11, 23, 16, 0), hours=3) == at(2026, 11, 24, 11, 0)


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(LONDON)),
    hours=st.floats(min_value=0.25, max_value=80),
)
def test_a_deadline_always_falls_in_opening_hours_of_a_working_day(start, hours):
    deadline = business_deadline(start, hours=hours)
    assert deadline > start
    assert deadline.weekday() < 5
    assert time(9) <= deadline.time() <= time(17)
    assert deadline.date() not in holidays.country_holidays("GB", subdiv="ENG", years=deadline.year)


def test_reference_numbers_have_seven_digits_and_retry_on_collision():
    taken = []

    def exists(reference):
        taken.append(reference)
        return len(taken) == 1

    reference = reference_number_new(exists)
    assert len(taken) == 2 and reference == taken[1]
    assert len(reference) == 7 and reference.isdigit() and reference[0] != "0"
