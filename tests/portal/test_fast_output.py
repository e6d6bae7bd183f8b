"""The portal's faster ways to write dates, amounts and selects give exactly what Django's own give."""

import zoneinfo
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template import engines
from django.template.defaultfilters import date as date_filter, floatformat
from django.utils import timezone, translation
from hypothesis import given, settings as hypothesis_settings, strategies as st

from portal.lib.l10n_tags import _short_date, amount, short_date

LANGUAGES = ["en", "cs", "de", "pl", "fr", "hu"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    value=st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=3, allow_nan=False),
)
def test_amount_writes_what_floatformat_2g_writes(language, value):
    with translation.override(language):
        assert amount(value) == floatformat(value, "2g")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "value", [Decimal("-0.00"), Decimal("-0.004"), Decimal("2.345"), Decimal("1e30"), Decimal("NaN"), 12, 3.14159, "12.5", "abc", None, ""]
)
def test_amount_agrees_with_floatformat_at_the_edges(language, value):
    with translation.override(language):
        assert amount(value) == floatformat(value, "2g")


def test_amount_groups_thousands_the_languages_way():
    with translation.override("de"):
        assert amount(Decimal("1234567.5")) == "1.234.567,50"
    with translation.override("fr"):
        assert amount(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50"


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_date_writes_what_the_date_filter_writes(language):
    with translation.override(language):
        for day in [date(2015, 8, 10), date(2026, 1, 2), date(2026, 12, 31)]:
            assert short_date(day) == date_filter(day, "SHORT_DATE_FORMAT")
            hits = _short_date.cache_info().hits
            assert short_date(day) == date_filter(day, "SHORT_DATE_FORMAT")
            assert _short_date.cache_info().hits == hits + 1  # the second time, remembered
        assert short_date(None) == "" and short_date("") == ""


def test_short_date_of_a_moment_is_its_day_in_the_users_time_zone():
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=dt_timezone.utc)
    with timezone.override("Europe/Prague"), translation.override("cs"):
        rendered = engines["django"].from_string("{% load portal_l10n %}{{ moment|short_date }}").render({"moment": moment})
        assert rendered == date_filter(timezone.localtime(moment), "SHORT_DATE_FORMAT") == "02.03.2026"


class OtherOptionSelect(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


WIDGETS = [
    (forms.Select(choices=[("", "All"), ("a", "A & B"), (1, "One")]), "a"),
    (forms.Select(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("other", "Other")]), "pear"),
    (forms.Select(attrs={"disabled": True, "data-x": False, "class": "form-select"}, choices=[("x", "X")]), "x"),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
    (OtherOptionSelect(choices=[("a", "A")]), "a"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_the_select_template_renders_what_djangos_own_renders(widget, value):
    """templates/django/forms/widgets/select.html writes each option out in place of an include."""
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=TemplatesSetting())
    djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == djangos


@pytest.mark.parametrize(
    "zones,days",
    [
        (("Europe/London", "Asia/Tokyo"), ("01/12/2026", "02/12/2026")),
        (("Asia/Tokyo", "America/New_York"), ("02/12/2026", "01/12/2026")),
    ],
)
def test_short_date_of_a_moment_is_its_day_in_each_users_zone(zones, days):
    moment = datetime(2026, 12, 1, 23, 30, tzinfo=dt_timezone.utc)
    template = engines["django"].from_string("{% load portal_l10n %}{{ moment|short_date }}")
    for zone, day in zip(zones, days, strict=True):
        with translation.override("en"), timezone.override(zoneinfo.ZoneInfo(zone)):
            assert template.render({"moment": moment}) == day
