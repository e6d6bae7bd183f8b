"""The push outbox, in-process (tasks run eagerly): created once with the billing system's number
and link; permanent failures stop with the message; lost answers are resolved by asking first."""

import pytest
from django.test import Client
from django.urls import reverse

from invoices.billing import services
from invoices.billing.services import MAX_SENDS, billing_push_create, billing_push_retry, billing_push_run
from invoices.models import BillingPush
from tests.invoices.billing.factories import make_integration, make_sent_invoices


@pytest.fixture
def agent_account(account, szamla_agent):
    make_integration(account, system="szamlazz", credentials={"agent_key": "agent-key-1"})
    return account


def _push(invoice, capture):
    with capture(execute=True):
        return billing_push_create(invoice=invoice)


def test_a_sent_invoice_is_created_once_with_number_and_link(agent_account, szamla_agent, django_capture_on_commit_callbacks):
    [invoice] = make_sent_invoices(agent_account, 1)
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    assert push.state == "created" and push.attempts == 1 and push.sends == 1
    assert push.external_number == "E-FAKE-2026-1"
    assert push.external_link.startswith("https://www.szamlazz.hu/")
    assert [(i["external_id"], i["order"]) for i in szamla_agent.invoices] == [(str(invoice.uuid), invoice.number)]
    # Pushing again (a duplicate message) changes nothing and calls nobody.
    billing_push_run(push_code=str(push.code))
    assert len(szamla_agent.invoices) == 1 and len(szamla_agent.requests) == 1


@pytest.mark.parametrize("fault", ["slow", "drop", "500", "bare"])
def test_a_lost_or_failed_answer_is_resolved_by_asking_first(agent_account, szamla_agent, fault, django_capture_on_commit_callbacks):
    [invoice] = make_sent_invoices(agent_account, 1)
    szamla_agent.fault(fault)
    push = _push(invoice, django_capture_on_commit_callbacks)  # eager: the retries run at once
    push.refresh_from_db()
    assert push.state == "created" and push.external_number
    assert len(szamla_agent.invoices) == 1
    assert ("POST", "action-szamla_agent_xml") in szamla_agent.requests


def test_429_retries_without_asking(agent_account, szamla_agent, django_capture_on_commit_callbacks):
    [invoice] = make_sent_invoices(agent_account, 1)
    szamla_agent.fault("429", "429")
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    assert push.state == "created" and push.attempts == 3 and push.sends == 3
    assert len(szamla_agent.invoices) == 1


def test_a_permanent_failure_stops_with_the_message_and_retry_starts_again(
    agent_account, szamla_agent, django_capture_on_commit_callbacks, member_client
):
    [invoice] = make_sent_invoices(agent_account, 1)
    szamla_agent.fault("reject")
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    assert push.state == "failed" and push.attempts == 1
    assert push.last_error == "Számlázz.hu: A tétel nettó értéke hibás. (error code 54)"
    page = member_client.get(reverse("invoices:billing-push", kwargs={"push_code": push.code})).content.decode()
    assert "Billing: failed — Számlázz.hu: A tétel nettó értéke hibás. (error code 54)" in page and "Retry" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("invoices:billing-push-retry", kwargs={"push_code": push.code}))
    assert response.status_code == 302
    push.refresh_from_db()
    assert push.state == "created" and push.external_number == "E-FAKE-2026-1"
    # The refused send created nothing for sure: no need to ask before sending again.
    assert szamla_agent.requests == [("POST", "action-xmlagentxmlfile")] * 2


def test_it_never_sends_more_than_five_times(agent_account, szamla_agent, django_capture_on_commit_callbacks, settings):
    settings.BILLING_MAX_RETRIES = 20
    [invoice] = make_sent_invoices(agent_account, 1)
    # Every send answered with nothing; each attempt after the first asks first (not found).
    szamla_agent.fault("bare", *[None, "bare"] * (MAX_SENDS - 1))
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    assert push.state == "failed" and push.sends == MAX_SENDS
    assert "sent 5 times without a clear answer" in push.last_error
    assert len(szamla_agent.invoices) == 0


def test_retries_give_up_as_failed(agent_account, szamla_agent, django_capture_on_commit_callbacks, settings):
    settings.BILLING_MAX_RETRIES = 2
    [invoice] = make_sent_invoices(agent_account, 1)
    szamla_agent.fault("429", "429", "429")
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    assert push.state == "failed" and push.attempts == 3
    assert push.last_error.startswith("Gave up after 3 attempts: ")


def test_zero_totals_are_skipped_unless_the_option_is_on(account, django_capture_on_commit_callbacks):
    make_integration(account)
    [invoice] = make_sent_invoices(account, 1, price=0)
    assert billing_push_create(invoice=invoice) is None
    integration = account.billing_integration
    integration.issue_zero_total = True
    integration.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert billing_push_create(invoice=invoice) is not None
    assert len(callbacks) == 1


def test_nothing_is_pushed_without_an_integration_or_with_auto_push_off(account, other_org):
    [invoice] = make_sent_invoices(account, 1)
    assert billing_push_create(invoice=invoice) is None
    make_integration(account, auto_push=False)
    assert billing_push_create(invoice=invoice) is None
    assert not BillingPush.objects.exists()


def test_a_live_lease_keeps_a_second_worker_away(agent_account, szamla_agent):
    [invoice] = make_sent_invoices(agent_account, 1)
    push = BillingPush.objects.create(invoice=invoice, integration=agent_account.billing_integration)
    services._claim(str(push.code))
    with pytest.raises(services.PushBusy):
        billing_push_run(push_code=str(push.code))
    assert szamla_agent.requests == []


def test_a_dead_workers_push_is_asked_for_before_creating(agent_account, szamla_agent, adapter_create_once):
    """The worker died after the Agent created the invoice: the next one finds it, creates nothing."""
    [invoice] = make_sent_invoices(agent_account, 1)
    push = BillingPush.objects.create(invoice=invoice, integration=agent_account.billing_integration)
    adapter_create_once(push)  # what the dead worker did: sent, created, never recorded
    BillingPush.objects.filter(pk=push.pk).update(leased_until=None)  # its lease has run out
    push = billing_push_run(push_code=str(push.code))
    assert push.state == "created" and push.external_number == "E-FAKE-2026-1"
    assert len(szamla_agent.invoices) == 1


@pytest.fixture
def adapter_create_once():
    from invoices.billing.registry import adapter_class

    def create(push):
        push = services._claim(str(push.code))
        services._record_send(push)
        integration = push.integration
        adapter_class(integration.system)(integration.credentials).create(services.push_request_build(push))

    return create


def test_retry_refuses_read_only_and_outsiders(agent_account, szamla_agent, read_only, outsider):
    [invoice] = make_sent_invoices(agent_account, 1)
    push = BillingPush.objects.create(invoice=invoice, integration=agent_account.billing_integration, state="failed")
    url = reverse("invoices:billing-push-retry", kwargs={"push_code": push.code})
    for user, refused in ((read_only, 403), (outsider, 404)):
        client = Client()
        client.force_login(user)
        assert client.post(url).status_code == refused
    push.refresh_from_db()
    assert push.state == "failed"
    assert billing_push_retry(push=push).state == "pending"


def test_billingo_push_records_the_document_and_keeps_the_key_out_of_logs(
    account, billingo, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level("DEBUG")
    make_integration(account, system="billingo", credentials={"api_key": "billingo-key-1"})
    [invoice] = make_sent_invoices(account, 1)
    billingo.fault(None, None, None, "drop")  # the document is created, its answer lost
    push = _push(invoice, django_capture_on_commit_callbacks)
    push.refresh_from_db()
    [document] = billingo.documents
    assert push.state == "created" and push.external_id == str(document["id"])
    assert push.external_link == f"https://app.billingo.hu/document-access/{document['id']}"
    assert "billingo-key-1" not in caplog.text
