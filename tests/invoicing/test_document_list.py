from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection
from django.urls import reverse

from invoices.documents.selectors import PAGE_SIZE, invoices_filtered
from invoices.models import Invoice, InvoiceCount
from tests.factories import make_buyer, make_invoice, make_relationship
from tests.invoices.billing.factories import make_push

URL = reverse("invoicing:list")


def _documents(org, count, **fields):
    made = [make_invoice(org, **fields) for _ in range(count)]
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    for offset, invoice in enumerate(made):  # distinct creation moments, oldest first
        Invoice.objects.filter(pk=invoice.pk).update(created_at=start + timedelta(minutes=offset))
    return made


def test_it_pages_newest_first_by_keyset(member_client, org):
    made = _documents(org, PAGE_SIZE + 3, state="sent")
    first = member_client.get(URL)
    assert [row["uuid"] for row in first.context["page"].rows][:2] == [made[-1].uuid, made[-2].uuid]
    cursor = first.context["page"].next_cursor
    second = member_client.get(URL, {"after": cursor})
    assert [row["uuid"] for row in second.context["page"].rows] == [made[2].uuid, made[1].uuid, made[0].uuid]
    assert second.context["page"].next_cursor == ""
    assert "Next page" in first.content.decode()


def test_a_tampered_cursor_gives_the_first_page(member_client, org):
    _documents(org, 2)
    assert len(member_client.get(URL, {"after": "2026-99-01T00:00:00_1"}).context["page"].rows) == 2


def test_it_filters_by_type_state_delivery_buyer_and_number(member_client, org, account):
    other_buyer = make_buyer("Second Customer SA")
    make_relationship(account, other_buyer)
    draft = make_invoice(org)
    sent = make_invoice(org, state="sent", number="INV-4711")
    failed = make_invoice(org, state="sent", delivery_state="failed", buyer=other_buyer)
    note = make_invoice(org, state="sent", type_code="381", credit_reason="Returned")

    def shown(**query):
        return {row["uuid"] for row in member_client.get(URL, query).context["page"].rows}

    assert shown() == {draft.uuid, sent.uuid, failed.uuid, note.uuid}
    assert shown(type_code="381") == {note.uuid}
    assert shown(state="draft") == {draft.uuid}
    assert shown(delivery_state="failed") == {failed.uuid}
    assert shown(buyer=other_buyer.network_number) == {failed.uuid}
    assert shown(number="inv-47") == {sent.uuid}


def test_a_filter_that_cannot_be_read_shows_nothing(member_client, org):
    make_invoice(org)
    response = member_client.get(URL, {"type_code": "999"})
    assert response.status_code == 400 and response.context["page"].rows == []


def test_counts_come_from_the_summary(member_client, org, account):
    InvoiceCount.objects.create(organisation=org, account=account, type_code="380", state="sent", delivery_state="failed", count=7)
    html = member_client.get(URL).content.decode()
    assert "Invoice: 7" in html and "Failed: 7" in html


def test_it_takes_a_fixed_number_of_queries(member_client, org, django_assert_num_queries):
    """Session, user, membership, accounts; the counts, the customers for the filter, the page,
    the page's billing pushes."""
    _documents(org, 5, state="sent")
    member_client.get(URL)
    with django_assert_num_queries(4 + 4):
        member_client.get(URL)
    _documents(org, 20, state="sent")
    with django_assert_num_queries(4 + 4):
        assert len(member_client.get(URL).context["page"].rows) == 25


def test_it_hides_other_organisations_documents(member_client, org, other_org):
    make_invoice(other_org)
    assert member_client.get(URL).context["page"].rows == []


@pytest.mark.postgres
@pytest.mark.parametrize("number", ["inv-12", "INV-1234"])
def test_on_postgresql_the_number_search_reads_its_index(org, account, number):
    """A prefix in any case is answered by (account, UPPER(number)) text_pattern_ops, not a scan of
    the account's documents (a number search took seconds at 1,000,000 documents without it)."""
    template = make_invoice(org, state="sent")
    Invoice.objects.bulk_create(
        Invoice(
            organisation=org, account=template.account, buyer=template.buyer, state="sent", type_code="380",
            number=f"INV-{n}", buyer_reference="PO-REF", delivery_state="delivered",
        )
        for n in range(100_000, 120_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE invoices_invoice")
    plan = invoices_filtered(org=org, account=account, filters={"number": number}).explain()
    assert "invoice_number_search" in plan, plan


def test_each_row_shows_its_billing_number_and_link(member_client, org):
    push = make_push(org)
    push.state, push.external_number, push.external_link = "created", "E-2026-17", "https://billing.example/i/17"
    push.save()
    html = member_client.get(URL).content.decode()
    assert 'href="https://billing.example/i/17"' in html and "E-2026-17" in html
