"""The Billingo v3 adapter against the fake API (which checks every body against the OpenAPI schemas)."""

import pytest

from invoices.billing.base import BillingError
from invoices.billing.billingo import BillingoAdapter
from tests.invoices.billing.conftest import make_push_request

CREDENTIALS = {"api_key": "billingo-key-1"}


@pytest.fixture
def adapter(billingo):
    return BillingoAdapter(CREDENTIALS)


def test_it_creates_the_partner_then_the_document_then_asks_for_the_link(adapter, billingo):
    request = make_push_request("2026-000042")
    created = adapter.create(request)
    [document] = billingo.documents
    assert created.external_id == str(document["id"])
    assert created.number == document["invoice_number"]
    assert created.link == f"https://app.billingo.hu/document-access/{document['id']}"
    assert document["vendor_id"] == str(request.invoice_id)
    assert document["gross_total"] == 254.0
    assert billingo.requests == [
        ("GET", "/partners"),
        ("POST", "/partners"),
        ("GET", "/document-blocks"),
        ("POST", "/documents"),
        ("GET", "/documents/{id}/public-url"),
    ]


def test_an_existing_partner_is_reused(adapter, billingo):
    adapter.create(make_push_request("2026-000001"))
    adapter.create(make_push_request("2026-000002"))
    assert len(billingo.partners) == 1
    assert len(billingo.documents) == 2


def test_wrong_api_key_in_plain_words(billingo):
    with pytest.raises(BillingError) as refused:
        BillingoAdapter({"api_key": "nope"}).test_connection()
    assert refused.value.permanent
    assert str(refused.value) == "Billingo: Authorization information (Header: X-API-KEY) is missing or invalid."


def test_field_errors_come_back_in_plain_words(adapter, billingo):
    billingo.fault(None, None, None, "reject")  # partner lookup, partner, block, then the document
    with pytest.raises(BillingError) as refused:
        adapter.create(make_push_request())
    assert refused.value.permanent
    assert str(refused.value) == "Billingo: due_date: The due date must be a date after or equal to fulfillment date."


def test_429_honours_retry_after(adapter, billingo):
    billingo.retry_after = 17
    billingo.fault("429")
    with pytest.raises(BillingError) as limited:
        adapter.create(make_push_request())
    assert limited.value.retry_after == 17 and not limited.value.permanent and not limited.value.maybe_created


def test_a_500_on_the_document_may_have_created_it(adapter, billingo):
    billingo.fault(None, None, None, "500")
    with pytest.raises(BillingError) as failed:
        adapter.create(make_push_request())
    assert failed.value.maybe_created and not failed.value.permanent


@pytest.mark.parametrize("fault", ["slow", "drop"])
def test_a_lost_answer_is_resolved_by_the_vendor_id(adapter, billingo, fault):
    request = make_push_request("2026-000009")
    billingo.fault(None, None, None, fault)
    with pytest.raises(BillingError) as lost:
        adapter.create(request)
    assert lost.value.maybe_created
    found = adapter.find(request)
    assert found.number == billingo.documents[0]["invoice_number"]
    assert found.link.startswith("https://app.billingo.hu/document-access/")


def test_find_answers_none_for_an_unknown_vendor_id(adapter):
    assert adapter.find(make_push_request()) is None


def test_find_refuses_a_document_that_is_not_ours(adapter, billingo):
    request = make_push_request("2026-000010")
    adapter.create(request)
    billingo.documents[0]["gross_total"] = 1.0  # edited in Billingo since
    with pytest.raises(BillingError) as refused:
        adapter.find(request)
    assert refused.value.permanent


def test_an_exhausted_rate_limit_window_stops_calls_until_its_reset(adapter, billingo):
    billingo.rate_remaining = 2  # the partner lookup and the partner creation use the window up
    with pytest.raises(BillingError) as limited:
        adapter.create(make_push_request())
    assert not limited.value.permanent and not limited.value.maybe_created
    assert 50 < limited.value.retry_after <= 60
    assert billingo.requests == [("GET", "/partners"), ("POST", "/partners")]
