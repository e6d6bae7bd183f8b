"""The buyer's e-mail through a real Celery worker and the configured broker (Redis in CI): the
request is committed first, then the worker picks the task up."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from connections.models import ConnectionRequest
from portal.celery import app
from tests.factories import make_buyer, make_org, make_request
from tests.waiting import wait_until


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def test_the_buyer_email_goes_through_the_worker_after_commit(worker):
    req = make_request(make_org("Adams Office Supplies"), buyer=make_buyer("Tungsten Network GmbH"))

    def buyer_emailed():
        return [message.to for message in mail.outbox].count(["ap@buyer.example"]) == 1

    wait_until(buyer_emailed, what="the worker sending the buyer's e-mail")
    wait_until(
        lambda: ConnectionRequest.objects.get(pk=req.pk).buyer_emailed_at is not None,
        what="the request recording the e-mail sent",
    )
