"""The fixed cost of a signed-in page, in queries: the session (none when sessions are read from
the cache), the user, the membership with its organisation, the organisation's accounts."""

import pytest
from django.urls import reverse

from decimal import Decimal

from invoices.models import InvoiceCount
from tests.factories import make_account, make_invoice

ENGINES = [
    ("django.contrib.sessions.backends.db", 1),
    ("django.contrib.sessions.backends.cached_db", 0),
]


@pytest.fixture(params=ENGINES, ids=["database sessions", "cached sessions"])
def signed_in(request, settings, client, member):
    engine, session_queries = request.param
    settings.SESSION_ENGINE = engine
    client.force_login(member)
    return client, session_queries


def test_a_minimal_signed_in_page_reads_only_who_and_where(signed_in, org, django_assert_num_queries):
    client, session_queries = signed_in
    make_account(org, "Adams Office Supplies (GB)")  # two accounts in the header's switcher
    client.get(reverse("help"))  # the session's first read fills the cache
    with django_assert_num_queries(session_queries + 3):
        page = client.get(reverse("help")).content.decode()
    assert "Adams Office Supplies (GB)</option>" in page


def test_home_adds_one_query_per_thing_it_shows(signed_in, django_assert_num_queries):
    """Status counts, open verifications, open tickets, the last load, failed invoices (counted
    from the summary), saved invoices."""
    client, session_queries = signed_in
    client.get(reverse("home"))
    with django_assert_num_queries(session_queries + 3 + 6):
        assert client.get(reverse("home")).status_code == 200


def test_home_reads_failed_and_saved_invoices_in_a_fixed_number_of_queries(signed_in, org, django_assert_num_queries):
    """With failed deliveries and drafts: one more, the failed rows, whatever their number (a
    draft's amount is stored with it)."""
    client, session_queries = signed_in
    for _ in range(3):
        make_invoice(org, lines=[("Paper", Decimal("2"), Decimal("4.50"), Decimal("21"))] * 3)
        make_invoice(org, state="sent", delivery_state="failed", delivery_failure="No AP address")
    InvoiceCount.objects.create(
        organisation=org, account=org.accounts.get(), type_code="380", state="sent", delivery_state="failed", count=3
    )
    client.get(reverse("home"))
    with django_assert_num_queries(session_queries + 3 + 6 + 1):
        page = client.get(reverse("home")).content.decode()
    assert page.count("No AP address") == 3 and page.count("32.67 EUR") == 3
def test_the_export_progress_that_a_browser_polls_reads_one_row(signed_in, org, django_assert_num_queries):
    """Polled every 2 s while a file is written: the fixed cost and the export."""
    from tests.factories import make_status_export

    client, session_queries = signed_in
    export = make_status_export(org, state="running")
    url = reverse("invoices:export", kwargs={"export_code": export.code})
    client.get(url)
    with django_assert_num_queries(session_queries + 3 + 1):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
