"""The buyer's e-mail through a real Celery worker and the configured broker (Redis in CI): the
request is committed first, then the worker picks the task up."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from connections.models import ConnectionRequest
from portal.celery import app
from tests.factories import make_buyer, make_org, make_request


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_buyer_email_goes_through_the_worker_after_commit(worker):
    req = make_request(make_org("Adams Office Supplies"), buyer=make_buyer("Tungsten Network GmbH"))

    def buyer_emailed():
        return [message.to for message in mail.outbox].count(["ap@buyer.example"]) == 1

    assert _wait_for(buyer_emailed), "the worker never sent the e-mail"
    assert _wait_for(lambda: ConnectionRequest.objects.get(pk=req.pk).buyer_emailed_at is not None)
