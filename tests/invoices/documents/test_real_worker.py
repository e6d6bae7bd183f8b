"""A sent invoice's delivery through a real Celery worker and the configured broker (Redis in
CI): enqueued when the send commits, e-mailed once with both attachments, recorded Delivered."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from invoices.documents import services
from invoices.models import DeliveryState, Invoice
from portal.celery import app
from tests.factories import make_org, make_user
from tests.invoices.documents.makers import draft, ready_account
from tests.waiting import wait_until

# The worker thread and the test share the database: on SQLite's in-memory test database the
# worker's writes meet the test's table locks, so this runs on PostgreSQL (as CI does).
pytestmark = pytest.mark.postgres


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def test_the_delivery_goes_through_the_worker_after_commit(worker):
    org = make_org("Adams Office Supplies")
    account = ready_account(org.accounts.get())
    user = make_user(org)
    invoice = services.invoice_send(invoice=draft(account, user=user), acting_user=user)

    wait_until(
        lambda: Invoice.objects.get(pk=invoice.pk).delivery_state == DeliveryState.DELIVERED,
        what="the worker delivering the invoice",
        seconds=60,
    )
    [message] = [m for m in mail.outbox if m.to == ["ap@buyer.example"]]
    assert sorted(name for name, _content, _type in message.attachments) == ["INV-1.pdf", "INV-1.xml"]
