"""Every list page and export of the portal, with query parameters that were tampered with: each
answers a page (the first one, or the form with its error), never a 500."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import make_invoice_status, make_request

FILTERS = ["sort", "status", "buyer", "date_from", "date_to", "amount_min", "amount_max"]
# Each list page and export → the parameters it reads ("after" is a page's cursor); those that
# read none get a "page" all the same.
PAGES = {
    "home": ["page"],
    "invoices:status": ["after", *FILTERS],
    "invoices:status-export": FILTERS,
    "invoices:payments": ["page"],
    "invoices:search": ["q"],
    "connections:request-list": ["page"],
    "connections:requests-submitted": ["r"],
    "connections:relationships": ["page"],
    "connections:connect": ["buyer", "group"],
    "customers:search": ["q"],
    "tickets:list": ["page"],
}

TAMPERED = [
    "5_99999999999999999999",  # an id past a bigint (SQLite: a 500 once)
    "1e999999_5",  # an amount past any column (PostgreSQL: a 500 once)
    "NaN_1",
    "99999999999999999999",
    "-1",
    "0000-00-00",
    "\x00",  # PostgreSQL text cannot hold it
    "x" * 5000,
    "%_",
]
# As they arrive on the wire: bytes that are no UTF-8 at all.
TAMPERED_RAW = ["%FF%FE", "%ED%A0%80"]


@pytest.fixture
def data(org, account):
    make_invoice_status(org, invoice_number="INV-1")
    make_invoice_status(org, invoice_number="INV-2", amount="-120.00")
    return make_request(org)


def _queries(parameters: list[str], value: str):
    """Each parameter alone (a cursor after each sort), all of them at once, and each twice."""
    for parameter in parameters:
        sorts = ["-invoice_date", "invoice_date", "-amount", "amount"] if parameter == "after" else [None]
        yield from (f"sort={sort}&after={value}" if sort else f"{parameter}={value}" for sort in sorts)
    yield "&".join(f"{parameter}={value}" for parameter in parameters)
    yield "&".join(f"{parameter}=1&{parameter}={value}" for parameter in parameters)


# Asked for by POST (the filters in the query string); the task that writes the file runs too.
POSTED = {"invoices:status-export"}


@pytest.mark.parametrize("name,parameters", PAGES.items())
def test_no_tampered_parameter_is_a_500(member_client, data, name, parameters, django_capture_on_commit_callbacks):
    url = reverse(name)
    for value in [quote(value) for value in TAMPERED] + TAMPERED_RAW:
        for query in _queries(parameters, value):
            if name in POSTED:
                with django_capture_on_commit_callbacks(execute=True):
                    response = member_client.post(f"{url}?{query}")
            else:
                response = member_client.get(f"{url}?{query}")
            assert response.status_code in (200, 302, 400, 404), (url, query[:80], response.status_code)
