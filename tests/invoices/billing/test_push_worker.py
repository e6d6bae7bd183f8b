"""Exactly once through real Celery worker processes on PostgreSQL and Redis (as in CI), against
the fake billing systems on 127.0.0.1: 200 invoices with a fifth of the calls faulted (answers
slower than the timeout, connections dropped after the invoice was created, 500, 429, the Agent's
answer without a result) end as exactly 200 invoices in the fakes, each linked to ours; and a worker
killed with SIGKILL in the middle of a push leaves the next worker to find it, not to create it again."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from invoices.billing.services import billing_push_create
from invoices.models import BillingPush
from portal.celery import app
from tests.factories import make_account, make_org
from tests.invoices.billing.factories import make_integration, make_sent_invoices
from tests.invoices.billing.fakes import FakeBillingo, FakeSzamlaAgent, FakeWebhookReceiver
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
        reason="needs a Redis broker: run with CELERY_BROKER_URL=redis://... (as CI does)",
    ),
]


def _worker(*, timeout: float, pool: str = "solo", concurrency: int = 1, **env) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "BILLING_TIMEOUT": str(timeout),
        "BILLING_RETRY_BACKOFF": "0.05",
        "BILLING_MAX_RETRIES": "60",
        "BILLING_WEBHOOK_PRIVATE_ADDRESSES": "true",  # the fake receiver listens on 127.0.0.1
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "billing", f"--pool={pool}", f"--concurrency={concurrency}",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=30)


def _states() -> dict[str, int]:
    connection.close()  # a fresh snapshot each time
    return {state: BillingPush.objects.filter(state=state).count() for state in ("pending", "sending", "unknown", "created", "failed")}


@pytest.fixture
def broker_queue(transactional_db):
    """Tasks go to Redis, not into this process; the billing queue starts empty."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("billing")
    yield
    app.conf.task_always_eager = True


def test_200_invoices_with_a_fifth_of_the_calls_faulted_are_each_created_exactly_once(broker_queue):
    timeout = 0.5
    org = make_org("Adams Office Supplies")
    accounts = [org.accounts.get(), make_account(org, "Adams Kft."), make_account(org, "Adams Office GmbH")]
    with (
        FakeSzamlaAgent(slow_seconds=timeout * 2, seed=1) as agent,
        FakeBillingo(slow_seconds=timeout * 2, seed=2) as billingo,
        FakeWebhookReceiver(slow_seconds=timeout * 2, seed=3) as receiver,
    ):
        agent.fault_kinds = ("slow", "drop", "500", "429", "bare")
        for fake in (agent, billingo, receiver):
            fake.fault_rate = 0.2
        make_integration(accounts[0], system="szamlazz", credentials={"agent_key": agent.agent_key})
        make_integration(accounts[1], system="billingo", credentials={"api_key": billingo.api_key})
        make_integration(accounts[2], system="webhook", credentials={"url": receiver.url, "secret": receiver.secret})
        invoices = [
            *make_sent_invoices(accounts[0], 67),
            *make_sent_invoices(accounts[1], 67, start=1001),
            *make_sent_invoices(accounts[2], 66, start=2001),
        ]
        worker = _worker(
            timeout=timeout, pool="threads", concurrency=8,
            SZAMLAZZ_AGENT_URL=agent.url, BILLINGO_API_URL=billingo.url,
        )
        try:
            for invoice in invoices:
                billing_push_create(invoice=invoice)  # autocommit: each task is published now
            wait_until(lambda: _states()["created"] + _states()["failed"] == 200, what="200 pushes finished", seconds=600, every=0.5)
        finally:
            _stop(worker)
        assert _states()["created"] == 200
        assert agent.faulted and billingo.faulted and receiver.faulted
        assert not agent.invalid and not billingo.invalid
        pushes = {push.invoice.uuid: push for push in BillingPush.objects.select_related("invoice")}
        # Számla Agent: one invoice per external id, the one our push recorded.
        assert sorted(i["external_id"] for i in agent.invoices) == sorted(str(inv.uuid) for inv in invoices[:67])
        for created in agent.invoices:
            assert pushes[_uuid(created["external_id"])].external_number == created["number"]
        # Billingo: one document per vendor id.
        assert sorted(d["vendor_id"] for d in billingo.documents) == sorted(str(inv.uuid) for inv in invoices[67:134])
        for document in billingo.documents:
            push = pushes[_uuid(document["vendor_id"])]
            assert push.external_number == document["invoice_number"] and push.external_id == str(document["id"])
        # The webhook receiver: one invoice per webhook-id (our push's id).
        assert sorted(receiver.received) == sorted(str(pushes[inv.uuid].code) for inv in invoices[134:])
        for webhook_id, answer in receiver.received.items():
            assert BillingPush.objects.get(code=webhook_id).external_number == answer["number"]


def _uuid(text):
    return uuid.UUID(text)


def test_a_worker_killed_mid_push_leaves_the_next_one_to_find_the_invoice(broker_queue):
    """SIGKILL while the Agent is creating the invoice: the push stays `sending`; the message goes
    back to the queue (acks_late, reject_on_worker_lost); the next worker waits out the dead one's
    lease, asks the Agent for our number and records the invoice it created."""
    org = make_org("Adams Office Supplies")
    account = org.accounts.get()
    with FakeSzamlaAgent(slow_seconds=5) as agent:
        make_integration(account, system="szamlazz", credentials={"agent_key": agent.agent_key})
        [invoice] = make_sent_invoices(account, 1)
        agent.fault("slow")  # the create request: carried out, answered after 5 s
        env = {"SZAMLAZZ_AGENT_URL": agent.url, "CELERY_VISIBILITY_TIMEOUT": "3"}
        first = _worker(timeout=3, **env)  # killed long before it would time out
        try:
            push = billing_push_create(invoice=invoice)
            wait_until(lambda: len(agent.invoices) == 1 and _states()["sending"] == 1, what="the Agent creating the invoice", seconds=60)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        finally:
            _stop(first)
        push.refresh_from_db()
        assert push.state == "sending" and push.sends == 1 and push.check_first
        second = _worker(timeout=1, **env)
        try:
            wait_until(lambda: _states()["created"] == 1, what="the second worker recording the push", seconds=180, every=0.2)
        finally:
            _stop(second)
        push.refresh_from_db()
        assert len(agent.invoices) == 1
        assert push.external_number == agent.invoices[0]["number"] and push.sends == 1
        assert agent.requests.count(("POST", "action-xmlagentxmlfile")) == 1
