"""The loader through real Celery worker processes on PostgreSQL and Redis (as in CI): a load of
50,000 records completes; and a worker killed with SIGKILL in the middle of a load leaves the
next worker to finish it with exactly the right rows, none lost and none doubled."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from invoices.models import InvoiceStatus, LoadRun
from portal.celery import app
from tests.factories import make_buyer, make_org, make_records, make_relationship
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 50_000

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
        reason="needs a Redis broker: run with CELERY_BROKER_URL=redis://... (as CI does)",
    ),
]


def _worker() -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "INVOICE_LOAD_CHUNK": "2000",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "loads", "--pool=solo", "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _run() -> LoadRun | None:
    connection.close()  # a fresh snapshot each time
    return LoadRun.objects.filter(relationship__buyer__legal_name="Tungsten Network Limited").first()


@pytest.fixture
def broker_queue(transactional_db):
    """Tasks go to Redis, not into this process; the loads queue starts empty."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("loads")
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def relationship_with_records(broker_queue):
    org = make_org("Adams Office Supplies")
    account = org.accounts.get()
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    make_records(buyer, account, RECORDS)
    return account, buyer


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_worker_killed_mid_load_leaves_the_next_one_to_finish_it_exactly(relationship_with_records):
    account, buyer = relationship_with_records
    first = _worker()
    try:
        make_relationship(account, buyer)  # autocommit: the task is published now
        wait_until(
            lambda: (run := _run()) and run.state == "running" and 0 < run.rows_done < RECORDS,
            what="the first worker getting into the middle of the load",
            seconds=120,
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        _stop(first)
    assert _run().state == "running"
    second = _worker()
    try:
        wait_until(lambda: _run().state == "finished", what="the second worker finishing the load", seconds=180)
    finally:
        _stop(second)
    run = _run()
    assert run.rows_done == run.rows_total == RECORDS
    rows = InvoiceStatus.objects.filter(account=account, buyer=buyer)
    assert rows.count() == RECORDS
    assert rows.values("invoice_number").distinct().count() == RECORDS
