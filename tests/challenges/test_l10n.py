"""Dates and amounts as each language writes them (portal/lib/l10n.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from challenges.forms import InvoiceEntryForm
from portal.lib.l10n import amount_parse
from portal.lib.l10n_tags import amount, short_date

AMOUNTS = [
    ("en", "4508", "4508.00"),
    ("en", "4,508.00", "4508.00"),
    ("en", "4508.5", "4508.50"),
    ("en", "1,234,567.89", "1234567.89"),
    ("cs", "4 508,00", "4508.00"),
    ("cs", "4\u00a0508,00", "4508.00"),
    ("cs", "4508,5", "4508.50"),
    ("cs", "4508.00", "4508.00"),
    ("de", "4.508,00", "4508.00"),
    ("de", "4508,00", "4508.00"),
    ("de", "4508", "4508.00"),
    ("pl", "4 508,00", "4508.00"),
    ("pl", "4508", "4508.00"),
    ("fr", "4 508,00", "4508.00"),
    ("fr", "4\u202f508,00", "4508.00"),
    ("hu", "4 508,00", "4508.00"),
    ("hu", " 4508 ", "4508.00"),
    ("en", "-4,508.00", "-4508.00"),  # a credit note
    ("fr", "\u22124\u202f508,00", "-4508.00"),  # with a minus sign, as copied from a document
    ("de", "-0,50", "-0.50"),
]

NOT_AMOUNTS = [
    ("en", "4.508,00"),  # German marks in English
    ("en", "4,50"),  # a grouping mark must group three digits
    ("en", "4508.001"),  # not to the cent
    ("de", "4,508.00"),
    ("de", "4.50"),
    ("cs", "4.508,00"),
    ("fr", "4 50,00"),
    ("en", "--4508"),
    ("en", "4508-"),
    ("en", "- 4508"),
    ("en", "4508 EUR"),
    ("en", ""),
    ("en", "lots"),
    ("en", "4508\x00"),
]

DATES = [
    ("en", "10/08/2015"),
    ("en", "2015-08-10"),
    ("cs", "10.08.2015"),
    ("cs", "10. 08. 2015"),
    ("de", "10.08.2015"),
    ("pl", "10.08.2015"),
    ("fr", "10/08/2015"),
    ("hu", "2015. 08. 10."),
    ("hu", "2015.08.10."),
]


@pytest.mark.parametrize("language,text,amount", AMOUNTS)
def test_amounts_are_read_as_the_language_writes_them(language, text, amount):
    with translation.override(language):
        assert amount_parse(text) == Decimal(amount)


@pytest.mark.parametrize("language,text", NOT_AMOUNTS)
def test_anything_else_is_not_an_amount(language, text):
    with translation.override(language):
        assert amount_parse(text) is None


def _form(language, **data):
    with translation.override(language):
        form = InvoiceEntryForm({"number": "TNA9322", "invoice_date": "10/08/2015", "amount": "4508"} | data)
        form.is_valid()
        return form


@pytest.mark.parametrize("language,text", DATES)
def test_dates_are_read_as_the_language_writes_them(language, text):
    form = _form(language, invoice_date=text)
    assert form.cleaned_data["invoice_date"] == date(2015, 8, 10)


@pytest.mark.parametrize("language", ["en", "cs", "de", "pl", "fr", "hu"])
def test_a_bad_format_is_a_form_error_with_an_example_in_the_language(language):
    form = _form(language, invoice_date="August the tenth", amount="4,508.00.00")
    with translation.override(language):
        date_error, amount_error = str(form.errors["invoice_date"][0]), str(form.errors["amount"][0])
    example_date = {"en": "25/08/2015", "fr": "25/08/2015", "hu": "2015.08.25."}.get(language, "25.08.2015")
    example_amount = {"en": "4,508.00", "de": "4.508,00"}.get(language, "4\u00a0508,00")
    assert example_date in date_error
    assert example_amount in amount_error.replace("\u202f", "\u00a0")


def test_an_overlong_amount_is_refused_not_cut_short():
    form = _form("en", amount="4508" + "0" * 30)
    assert "amount" in form.errors


def test_the_date_box_shows_the_language_format_for_the_picker():
    with translation.override("de"):
        page = _form("de").as_div()
    assert 'data-date-format="%d.%m.%Y"' in page
    assert 'type="date"' in page and "data-date-picker" in page


@pytest.mark.parametrize("language", ["en", "cs", "de", "pl", "fr", "hu"])
@settings(max_examples=60, deadline=None)
@given(value=st.decimals(min_value=-10**12 + 1, max_value=10**12 - 1, places=2, allow_nan=False, allow_infinity=False))
def test_an_amount_reads_back_as_the_page_prints_it(language, value):
    with translation.override(language):
        assert amount_parse(amount(value)) == value


@pytest.mark.parametrize("language", ["en", "cs", "de", "pl", "fr", "hu"])
@pytest.mark.parametrize("day", [date(2026, 9, 28), date(2015, 8, 10)])
def test_a_date_reads_back_as_the_page_prints_it(language, day):
    """A date copied from a table (SHORT_DATE_FORMAT) into a date filter is the same date: in
    Polish the page printed 28-09-2026, which the date box refused."""
    with translation.override(language):
        printed = short_date(day)
    form = _form(language, invoice_date=printed)
    assert form.cleaned_data.get("invoice_date") == day, (printed, form.errors)
