"""Reads through the one scoping path: another organisation's invoice is a 404; the list pages
in keyset order; Home's failed and saved invoices."""

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from invoices.documents import selectors
from tests.factories import make_org, make_user
from tests.invoices.documents.makers import connected_buyer, draft, ready_account

pytestmark = pytest.mark.django_db


def _request(org):
    request = RequestFactory().get("/")
    request.org = org
    return request


def test_another_organisations_invoice_is_a_404(account, other_org):
    invoice = draft(ready_account(account))

    assert selectors.invoice_for_request(_request(account.organisation), invoice.uuid) == invoice
    with pytest.raises(Http404):
        selectors.invoice_for_request(_request(other_org), invoice.uuid)
    with pytest.raises(Http404):
        selectors.invoice_for_request(_request(account.organisation), uuid.uuid4())
    with pytest.raises(Http404):
        selectors.invoice_for_request(_request(account.organisation), "not-a-uuid")
    other_account = other_org.accounts.get()
    assert not selectors.invoices_filtered(org=other_org, account=account, filters={}).exists()
    assert not selectors.invoices_filtered(org=other_org, account=other_account, filters={}).exists()
    assert selectors.saved_invoices(org=other_org) == []
    assert selectors.invoice_counts(org=other_org, account=account).total == 0


def test_the_list_pages_in_keyset_order_without_overlap(account):
    account = ready_account(account)
    user = make_user(account.organisation)
    buyer = connected_buyer(account)
    made = [draft(account, buyer, user=user) for _ in range(selectors.PAGE_SIZE + 3)]
    rows = selectors.invoices_filtered(org=account.organisation, account=account, filters={})

    first = selectors.invoices_page(rows)
    second = selectors.invoices_page(rows, cursor=first.next_cursor)
    assert len(first.rows) == selectors.PAGE_SIZE and first.next_cursor
    assert len(second.rows) == 3 and second.next_cursor == ""
    seen = [row["id"] for row in first.rows + second.rows]
    assert sorted(seen) == sorted(invoice.pk for invoice in made)
    assert seen == sorted(seen, reverse=True)
    assert first.rows[0]["buyer_name"] == buyer.legal_name
    # A tampered cursor reads as the first page, never a 500.
    assert selectors.invoices_page(rows, cursor="2026-99-99T00:00_1").rows == first.rows


def test_filters_and_home_tables(account):
    account = ready_account(account)
    user = make_user(account.organisation)
    draft(account, user=user)
    draft(account, user=user, type_code="381", credit_reason="Goods returned")
    org = account.organisation

    assert selectors.invoices_filtered(org=org, account=account, filters={"type_code": "381"}).count() == 1
    assert selectors.invoices_filtered(org=org, account=account, filters=None).count() == 0
    saved = selectors.saved_invoices(org=org)
    assert len(saved) == 2 and {row["type_code"] for row in saved} == {"380", "381"}
    assert selectors.saved_count(org=org) == 2 and selectors.failed_count(org=org) == 0
    assert [b.pk for b in selectors.invoicing_buyers(org=org, account=account)][0] is not None
    assert selectors.invoicing_buyers(org=org, account=account).first().is_test_buyer
    assert not selectors.invoicing_buyers(org=make_org("Other"), account=account).exists()
