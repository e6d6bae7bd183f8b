"""The signed webhook (Standard Webhooks) against a fake receiver that checks the signature."""

import base64
import hashlib
import hmac

import pytest

from invoices.billing.base import BillingError
from invoices.billing.webhook import WebhookAdapter, receiver_url_allowed, signature, signature_verify
from tests.invoices.billing.conftest import make_push_request


@pytest.fixture
def adapter(receiver):
    return WebhookAdapter({"url": receiver.url + "/hooks/invoices", "secret": receiver.secret})


def test_it_posts_the_signed_invoice_and_records_the_answer(adapter, receiver):
    request = make_push_request("2026-000042")
    created = adapter.create(request)
    assert created.number == "WH-2026-00001" and created.link == "https://books.example/invoices/1"
    body = receiver.bodies[str(request.push_id)]
    assert body["type"] == "invoice.sent"
    assert body["data"]["invoice"]["number"] == "2026-000042"
    assert body["data"]["invoice"]["totals"]["tax_inclusive"] == "254.00"


def test_the_same_push_twice_is_one_invoice_at_the_receiver(adapter, receiver):
    request = make_push_request()
    receiver.fault("drop")
    with pytest.raises(BillingError) as lost:
        adapter.create(request)
    assert lost.value.maybe_created
    assert adapter.create(request).number == "WH-2026-00001"
    assert len(receiver.received) == 1


def test_the_signature_is_the_standard_webhooks_one():
    secret = "whsec_" + base64.b64encode(b"0123456789abcdef").decode()
    body = b'{"a":1}'
    expected = base64.b64encode(hmac.new(b"0123456789abcdef", b"msg_1.1700000000." + body, hashlib.sha256).digest()).decode()
    assert signature(secret, "msg_1", 1700000000, body) == "v1," + expected
    headers = {"webhook-id": "msg_1", "webhook-timestamp": "1700000000", "webhook-signature": "v1," + expected}
    assert signature_verify(secret, headers, body, now=1700000100)
    assert not signature_verify(secret, headers, body, now=1700000000 + 301)  # replayed too late
    assert not signature_verify(secret, headers, b'{"a":2}', now=1700000100)


def test_a_wrong_secret_is_refused_in_plain_words(receiver):
    adapter = WebhookAdapter({"url": receiver.url, "secret": "whsec_" + base64.b64encode(b"other").decode()})
    with pytest.raises(BillingError) as refused:
        adapter.test_connection()
    assert refused.value.permanent
    assert "check the signing secret" in str(refused.value)


def test_test_connection_pings(adapter, receiver):
    adapter.test_connection()
    assert receiver.received == {}


def test_a_refusal_is_permanent_with_the_receivers_words(adapter, receiver):
    receiver.fault("reject")
    with pytest.raises(BillingError) as refused:
        adapter.create(make_push_request())
    assert refused.value.permanent and "Unknown buyer VAT number" in str(refused.value)



@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "localhost", "no-such-host.invalid"]
)
def test_private_local_and_unresolvable_receivers_are_refused(settings, receiver, address):
    settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES = False
    adapter = WebhookAdapter({"url": f"http://{address}:{receiver.httpd.server_address[1]}/hooks", "secret": receiver.secret})
    with pytest.raises(BillingError) as refused:
        adapter.create(make_push_request())
    assert refused.value.permanent and "only to public internet addresses" in str(refused.value)
    assert receiver.received == {}


def test_a_public_address_is_allowed_and_a_redirect_is_not_followed(settings, receiver):
    settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES = False
    assert receiver_url_allowed("https://93.184.215.14/hooks")
    settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES = True
    receiver.fault("redirect")
    with pytest.raises(BillingError):
        WebhookAdapter({"url": receiver.url, "secret": receiver.secret}).create(make_push_request())
    assert receiver.received == {}
