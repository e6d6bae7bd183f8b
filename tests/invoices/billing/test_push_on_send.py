"""Sending an invoice through the documents wing pushes it, on commit, to the account's billing
system; zero totals only when the integration issues them."""

import pytest

from invoices.documents import services
from invoices.models import BillingPush
from tests.factories import make_user
from tests.invoices.billing.factories import make_integration
from tests.invoices.documents.makers import draft, line, ready_account


@pytest.fixture
def ready(account):
    return ready_account(account)


def _send(invoice, user, capture):
    with capture(execute=True):
        services.invoice_send(invoice=invoice, acting_user=user)


def test_a_sent_invoice_is_created_in_the_billing_system(ready, receiver, django_capture_on_commit_callbacks):
    user = make_user(ready.organisation)
    make_integration(ready, credentials={"url": receiver.url, "secret": receiver.secret})
    invoice = draft(ready, user=user)
    _send(invoice, user, django_capture_on_commit_callbacks)
    push = BillingPush.objects.get(invoice=invoice)
    assert push.state == "created" and push.external_number == "WH-2026-00001"
    [body] = receiver.bodies.values()
    assert body["data"]["invoice_id"] == str(invoice.uuid)
    assert body["data"]["invoice"]["number"] == push.invoice.number
    assert body["data"]["ubl"]  # the UBL goes with it


def test_a_zero_total_is_not_pushed_unless_the_integration_issues_it(ready, receiver, django_capture_on_commit_callbacks):
    user = make_user(ready.organisation)
    integration = make_integration(ready, credentials={"url": receiver.url, "secret": receiver.secret})
    free = [line(price="0.00")]
    _send(draft(ready, user=user, lines=free), user, django_capture_on_commit_callbacks)
    assert not BillingPush.objects.exists() and receiver.received == {}
    integration.issue_zero_total = True
    integration.save()
    _send(draft(ready, user=user, lines=free), user, django_capture_on_commit_callbacks)
    assert BillingPush.objects.get().state == "created"



@pytest.mark.parametrize("include", [True, False])
def test_the_link_goes_into_the_buyers_email_when_the_setting_is_on(include, ready, receiver, django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(ready.organisation)
    make_integration(ready, credentials={"url": receiver.url, "secret": receiver.secret}, include_link_in_email=include)
    _send(draft(ready, user=user), user, django_capture_on_commit_callbacks)  # the push is enqueued first
    [email] = mailoutbox
    assert ("https://books.example/invoices/1" in email.body) is include
    assert ("https://books.example/invoices/1" in email.alternatives[0][0]) is include
