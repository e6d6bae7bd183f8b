"""When will I get paid? (issue 13, item 13): paid and due every week, this one included, one
chart per currency with its own labelled scale, credit notes below the axis."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from invoices.selectors import payment_weeks
from tests.factories import make_buyer, make_records, make_relationship

PAYMENTS = reverse("invoices:payments")
TODAY = date(2026, 11, 25)  # a Wednesday; its week starts on Monday 23 November


@pytest.fixture
def paid_and_due(account, django_capture_on_commit_callbacks):
    """EUR: 1,000.00 paid this week, 400.00 paid two weeks ago and a credit note of -400.00 paid
    last week; 2,500.00 due next week and 300.00 overdue. USD: 90,000.00 due in three weeks."""
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    make_records(buyer, account, 1, start=1, status="paid", amount=Decimal("1000.00"), payment_date=date(2026, 11, 24))
    make_records(buyer, account, 1, start=2, status="paid", amount=Decimal("400.00"), payment_date=date(2026, 11, 10))
    make_records(buyer, account, 1, start=3, status="paid", amount=Decimal("-400.00"), payment_date=date(2026, 11, 17))
    make_records(buyer, account, 1, start=4, amount=Decimal("2500.00"), due_date=date(2026, 12, 3))
    make_records(buyer, account, 1, start=5, amount=Decimal("300.00"), due_date=date(2026, 10, 1))
    make_records(buyer, account, 1, start=6, amount=Decimal("90000.00"), currency="USD", due_date=date(2026, 12, 14))
    with django_capture_on_commit_callbacks(execute=True):
        make_relationship(account, buyer)
    return buyer


def _weeks(account, currency):
    [found] = [c for c in payment_weeks(org=account.organisation, account=account, today=TODAY) if c.currency == currency]
    return {week.week: week for week in found.weeks}


def test_this_week_shows_what_was_paid_and_what_is_due(account, paid_and_due):
    this_week = _weeks(account, "EUR")[date(2026, 11, 23)]
    assert this_week.paid == Decimal("1000.00")
    assert this_week.due == Decimal("300.00")  # the overdue invoice


def test_every_week_has_paid_and_due(account, paid_and_due):
    weeks = _weeks(account, "EUR")
    assert len(weeks) == 16 and min(weeks) == date(2026, 9, 28) and max(weeks) == date(2027, 1, 11)
    assert weeks[date(2026, 11, 16)].paid == Decimal("-400.00")
    assert weeks[date(2026, 11, 30)].due == Decimal("2500.00") and weeks[date(2026, 11, 30)].paid == 0


def _charts(client, language="en"):
    with time_machine.travel(TODAY):
        response = client.get(PAYMENTS, HTTP_ACCEPT_LANGUAGE=language)
    return response, {chart.currency: chart for chart in response.context["charts"]}


def test_a_paid_credit_note_is_drawn_below_the_axis(member_client, paid_and_due):
    response, charts = _charts(member_client)
    eur = charts["EUR"]
    assert all(bar.height >= 0 for bar in eur.bars)
    [credit] = [bar for bar in eur.bars if "-400.00" in bar.label]
    assert credit.y == pytest.approx(eur.zero_y) and credit.height > 0
    [paid] = [bar for bar in eur.bars if "400.00" in bar.label and "-" not in bar.label]
    assert paid.y + paid.height == pytest.approx(eur.zero_y)
    assert 'height="-' not in response.content.decode()


def test_each_currency_has_its_own_chart_and_labelled_scale(member_client, paid_and_due):
    _response, charts = _charts(member_client)
    assert list(charts) == ["EUR", "USD"]
    assert [tick.label for tick in charts["EUR"].ticks][-1] == "3,000"
    assert [tick.label for tick in charts["EUR"].ticks][0] == "-1,000"
    assert [tick.label for tick in charts["USD"].ticks] == ["0", "25,000", "50,000", "75,000", "100,000"]


def test_tooltips_legend_and_text_alternative_are_localized(member_client, paid_and_due):
    response, charts = _charts(member_client, "de")
    labels = [bar.label for bar in charts["EUR"].bars]
    assert "Woche ab 23.11.2026, Bezahlt: 1.000,00 EUR" in labels
    html = response.content.decode()
    assert 'aria-label="Legende"' in html and "2.500,00" in html  # the table under the chart
    assert html.count('role="img"') == 2


def test_with_nothing_paid_or_due_it_says_so(member_client, account):
    response, charts = _charts(member_client)
    assert charts == {}
    assert "No invoices were paid in the last 8 weeks and none are due in the next 8." in response.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(member_client, paid_and_due, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # the session, the user, the tenancy (3), the totals, the loads
        _charts(member_client)


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_charts_coordinates_are_numbers_in_languages_with_a_decimal_comma(member_client, paid_and_due, language):
    response, _charts_by_currency = _charts(member_client, language)
    html = response.content.decode()
    svg = html[html.index("<svg viewBox") : html.rindex("</svg>")]
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
    assert re.search(r"1\W000,00", html)  # the amounts themselves stay as the language writes them
