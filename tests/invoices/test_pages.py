import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from connections.models import Relationship
from customers.models import BuyerInvoiceRecord
from invoices.models import InvoiceStatus, LoadRun
from invoices.selectors import LOADS_SHOWN, load_state
from invoices.services import loads_refresh
from tests.factories import make_buyer, make_records, make_relationship

STATUS = reverse("invoices:status")


@pytest.fixture
def loaded(account, django_capture_on_commit_callbacks):
    """120 approved, 10 on hold and 5 paid invoices of `account` at one buyer, loaded."""
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    make_records(buyer, account, 120)
    make_records(buyer, account, 10, status="on_hold", start=500, reason="Awaiting goods receipt")
    make_records(buyer, account, 5, status="paid", start=900, payment_date=date(2026, 11, 2), payment_reference="PAY77")
    with django_capture_on_commit_callbacks(execute=True):
        make_relationship(account, buyer)
    return buyer


def _numbers(response):
    return [row["invoice_number"] for row in response.context["page"].rows]


def test_keyset_pages_cover_every_row_once_even_with_equal_dates(member_client, loaded):
    seen, url = [], STATUS
    while url:
        response = member_client.get(url)
        seen += _numbers(response)
        cursor = response.context["page"].next_cursor
        url = f"{STATUS}?after={cursor}" if cursor else None
    assert len(seen) == len(set(seen)) == 135


@pytest.mark.parametrize("cursor", ["nonsense", "2026-13-01_5", "2026-01-01_x", "_"])
def test_a_tampered_page_cursor_shows_the_first_page(member_client, loaded, cursor):
    response = member_client.get(STATUS, {"after": cursor})
    assert response.status_code == 200
    assert _numbers(response) == _numbers(member_client.get(STATUS))


def test_filters_narrow_the_list(member_client, loaded):
    assert len(_numbers(member_client.get(STATUS, {"status": "on_hold"}))) == 10
    assert len(_numbers(member_client.get(STATUS, {"status": "attention"}))) == 10
    response = member_client.get(STATUS, {"amount_min": "200", "amount_max": "210", "sort": "amount"})
    amounts = [row["amount"] for row in response.context["page"].rows]
    assert amounts == sorted(amounts) and all(200 <= amount <= 210 for amount in amounts)
    assert member_client.get(STATUS, {"buyer": loaded.network_number, "status": "paid"}).context["page"].rows[0]["payment_reference"] == "PAY77"


def test_a_bad_filter_is_a_form_error_not_a_500(member_client, loaded):
    response = member_client.get(STATUS, {"date_from": "2026-12-01", "date_to": "2026-01-01", "amount_min": "lots"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_customer_filter_offers_the_customers_with_invoices_by_name(
    member_client, account, loaded, django_capture_on_commit_callbacks
):
    quiet = make_buyer("Aardvark Holdings")  # connected, but holds no invoices of the account
    early = make_buyer("Abbey Foods")
    make_records(early, account, 2, start=3000)
    with django_capture_on_commit_callbacks(execute=True):
        make_relationship(account, quiet)
        make_relationship(account, early)
    choices = list(member_client.get(STATUS).context["form"].fields["buyer"].choices)
    assert choices[1:] == [(early.network_number, "Abbey Foods"), (loaded.network_number, "Tungsten Network Limited")]
    response = member_client.get(STATUS, {"buyer": quiet.network_number})
    assert response.status_code == 200 and "buyer" in response.context["form"].errors
    assert len(_numbers(member_client.get(STATUS, {"buyer": early.network_number}))) == 2


def test_a_field_in_error_is_marked_and_says_why(member_client, loaded):
    html = member_client.get(STATUS, {"amount_min": "lots"}).content.decode()
    assert 'name="amount_min" value="lots"' in html
    assert 'class="form-control" aria-invalid="true" aria-describedby="id_amount_min_helptext id_amount_min_error"' in html
    assert '<div id="id_amount_min_error" class="invalid-feedback d-block"><span>Enter an amount such as 4,508.00.</span>' in html


def test_the_progress_shows_the_loads_under_way_among_the_newest(account, loaded):
    relationship = Relationship.objects.get(account=account, buyer=loaded)
    for _ in range(LOADS_SHOWN + 2):
        LoadRun.objects.create(organisation=account.organisation, relationship=relationship, state=LoadRun.State.FINISHED)
    running = LoadRun.objects.create(organisation=account.organisation, relationship=relationship, state=LoadRun.State.RUNNING)
    state = load_state(org=account.organisation, account=account)
    assert state["loads"] == [running] and state["last_load"] == running
    assert state["loads"][0].buyer_name == "Tungsten Network Limited"
    for _ in range(LOADS_SHOWN):
        LoadRun.objects.create(organisation=account.organisation, relationship=relationship, state=LoadRun.State.FINISHED)
    state = load_state(org=account.organisation, account=account)
    assert state["loads"] == [] and state["last_load"].state == LoadRun.State.FINISHED


def test_the_page_costs_the_same_queries_whatever_the_row_count(
    member_client, account, loaded, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_max_num_queries(8):
        member_client.get(STATUS)
    make_records(loaded, account, 300, start=2000, updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        loads_refresh()
    with django_assert_max_num_queries(8):
        response = member_client.get(STATUS)
    counts = {row.status: row.count for row in response.context["status_rows"]}
    assert counts["approved"] == 420 and counts["on_hold"] == 10 and counts["paid"] == 5


def _export_rows(client, capture_on_commit) -> list[list[str]]:
    """The rows of an export asked for and written (the task run at the request's commit)."""
    with capture_on_commit(execute=True):
        asked = client.post(reverse("invoices:status-export"))
    assert asked.status_code == 302
    code = asked["Location"].rstrip("/").rsplit("/", 1)[1]
    export = client.get(reverse("invoices:export-download", kwargs={"export_code": code}))
    assert export.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))


def _search_rows(client, query: str) -> list:
    response = client.get(reverse("invoices:search"), {"q": query})
    # A refused query has no hits at all (None): only an accepted one may count as "nothing found".
    assert response.status_code == 200 and response.context["hits"] is not None
    return response.context["hits"].rows


def test_another_organisations_invoices_never_show(client, member, outsider, loaded, django_capture_on_commit_callbacks):
    """The same accepted queries find the owner's invoices and none of them for an outsider."""
    for user, seen in ((member, True), (outsider, False)):
        client.force_login(user)
        page = client.get(STATUS)
        assert page.status_code == 200 and not page.context["form"].errors
        assert bool(_numbers(page)) is seen
        assert bool(_search_rows(client, "INV*")) is seen
        assert bool(_search_rows(client, "INV0000007")) is seen
        assert (len(_export_rows(client, django_capture_on_commit_callbacks)) > 1) is seen


def test_home_shows_counts_and_the_attention_row(member_client, loaded):
    response = member_client.get(reverse("home"))
    rows = {str(row.label): row for row in response.context["attention"]}
    assert rows["Invoices on hold, in exception or rejected"].count == 10
    assert "Where is my invoice?" in response.content.decode()


def test_beat_refresh_loads_what_changed(account, loaded, django_capture_on_commit_callbacks):
    BuyerInvoiceRecord.objects.filter(invoice_number="INV0000001").update(status="paid", updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert loads_refresh() >= 1
    assert InvoiceStatus.objects.get(invoice_number="INV0000001").status == "paid"
