"""Where is my invoice?: tampered cursors, invalid filters, and filters typed as the language
writes amounts and dates (issue 13, items 1 to 3)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from django.utils import timezone

from invoices.selectors import CURSOR_PATTERNS, PAGE_SIZE, _cursor_parse
from invoices.services import loads_refresh
from tests.factories import make_records

STATUS = reverse("invoices:status")


def _rows(response):
    return response.context["page"].rows


def _get(client, language="en", **params):
    return client.get(STATUS, params, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(
    "sort,cursor",
    [
        ("-amount", "5_99999999999999999999"),  # the example on SQLite: an id past a bigint
        ("-amount", "1e999999_5"),  # the example on PostgreSQL: an amount past any column
        ("amount", "-1000000000000.00_5"),  # one digit more than the column holds
        ("-amount", "NaN_5"),
        ("-amount", "5.00_9223372036854775808"),
        ("-invoice_date", "2026-02-30_5"),
        ("-invoice_date", "2026-11-01_99999999999999999999"),
        ("invoice_date", "20261101_5"),
    ],
)
def test_a_cursor_that_cannot_be_read_gives_the_first_page(member_client, mixed, sort, cursor):
    response = _get(member_client, sort=sort, after=cursor)
    assert response.status_code == 200
    assert _rows(response) == _rows(_get(member_client, sort=sort))


def test_pages_by_amount_reach_every_row_once_credit_notes_included(
    member_client, account, mixed, django_capture_on_commit_callbacks
):
    make_records(mixed, account, PAGE_SIZE, start=1000, amount=Decimal("-0.50"), updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        loads_refresh()
    seen, params = [], {"sort": "amount"}
    while True:
        page = _get(member_client, **params).context["page"]
        seen += [row["invoice_number"] for row in page.rows]
        if not page.next_cursor:
            break
        params["after"] = page.next_cursor
    assert len(seen) == len(set(seen)) == 23 + PAGE_SIZE


def test_a_sort_that_cannot_be_read_is_a_form_error(member_client, mixed):
    response = _get(member_client, sort="-id")
    assert response.status_code == 200 and "sort" in response.context["form"].errors


@pytest.mark.parametrize(
    "language,params",
    [
        ("de", {"status": "paid", "amount_min": "1,000"}),  # three decimals in German: not an amount
        ("en", {"status": "paid", "date_from": "31/31/2026"}),
        ("en", {"status": "paid", "amount_min": "99999999999999"}),  # more digits than the column
        ("en", {"status": "paid", "buyer": "NOT-A-BUYER"}),
    ],
)
def test_an_invalid_filter_shows_its_error_and_no_rows(member_client, mixed, language, params):
    response = _get(member_client, language, **params)
    assert response.status_code == 200
    assert response.context["form"].errors and _rows(response) == []
    if language == "en":
        assert "Correct the filters above to see your invoices." in response.content.decode()


def test_valid_filters_still_narrow_the_list(member_client, mixed):
    assert len(_rows(_get(member_client, status="paid"))) == 13
    assert len(_rows(_get(member_client, status="paid", amount_min="1,000"))) == 6


@pytest.mark.parametrize(
    "language,typed",
    [
        ("en", "1,000"),
        ("en", "1000.00"),
        ("de", "1.000"),
        ("de", "1.000,00"),
        ("fr", "1 000"),
        ("fr", "1\u00a0000"),
        ("fr", "1\u202f000,00"),
        ("cs", "1 000"),
        ("cs", "1\u00a0000"),
        ("pl", "1\u202f000"),
        ("hu", "1 000,00"),
    ],
)
def test_amount_filters_take_amounts_as_the_page_writes_them(member_client, mixed, language, typed):
    response = _get(member_client, language, status="paid", amount_min=typed)
    assert response.context["form"].errors == {}
    assert {row["amount"] for row in _rows(response)} == {Decimal("1500.00")}


@pytest.mark.parametrize("language,typed", [("en", "-100"), ("de", "-100,00"), ("fr", "\u2212100,00")])
def test_amount_filters_find_credit_notes(member_client, mixed, language, typed):
    response = _get(member_client, language, amount_max=typed)
    assert [row["amount"] for row in _rows(response)] == [Decimal("-200.00")]


@pytest.mark.parametrize(
    "language,typed",
    [("en", "01/10/2026"), ("fr", "01/10/2026"), ("de", "01.10.2026"), ("cs", "1. 10. 2026"), ("pl", "01.10.2026"), ("hu", "2026. 10. 01.")],
)
def test_date_filters_take_dates_as_the_language_writes_them(member_client, mixed, language, typed):
    response = _get(member_client, language, date_from=typed, date_to=typed)
    assert response.context["form"].errors == {}
    assert {str(row["invoice_date"]) for row in _rows(response)} == {"2026-10-01"}


@pytest.mark.parametrize(
    "language,date_example,amount_example",
    [("en", "25/08/2015", "4,508.00"), ("de", "25.08.2015", "4.508,00"), ("hu", "2015.08.25.", "4\u00a0508,00")],
)
def test_the_filters_show_the_expected_formats(member_client, mixed, language, date_example, amount_example):
    html = _get(member_client, language).content.decode()
    assert 'type="date"' not in html.replace('type="date" class="visually-hidden"', "")  # no native mm/dd/yyyy box
    assert date_example in html and amount_example in html.replace("\u202f", "\u00a0")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{1,3})?_-?[0-9]{1,22}", fullmatch=True)))
def test_any_text_as_a_cursor_is_read_within_the_columns_range_or_refused(text):
    for field in CURSOR_PATTERNS:
        position = _cursor_parse(field, text)
        if position is not None:
            value, pk = position
            assert 1 <= pk <= 2**63 - 1
            assert field == "invoice_date" or abs(value) < 10**12 and value.as_tuple().exponent == -2
