"""An export through a real Celery worker and the configured broker (Redis in CI): the request
only asks and returns; the worker, consuming the `exports` queue, writes the file."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from invoices.models import StatusExport
from portal.celery import app
from tests.factories import make_buyer, make_records, make_relationship
from tests.waiting import wait_until


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def test_the_worker_writes_the_file_the_page_then_links(worker, member_client, account):
    buyer = make_buyer("Worker Buyer GmbH")
    make_records(buyer, account, 40, status="paid")
    app.conf.task_always_eager = True  # the load in-process; only the export goes through the worker
    make_relationship(account, buyer)
    app.conf.task_always_eager = False
    asked = member_client.post(reverse("invoices:status-export") + "?status=paid")
    assert asked.status_code == 302
    export = StatusExport.objects.get()
    wait_until(
        lambda: StatusExport.objects.get(pk=export.pk).state == StatusExport.State.READY,
        what="the worker writing the export",
    )
    download = reverse("invoices:export-download", kwargs={"export_code": export.code})
    assert download in member_client.get(asked["Location"]).content.decode()
    lines = b"".join(member_client.get(download).streaming_content).decode("utf-8").splitlines()
    assert len(lines) == 1 + 40 and "Worker Buyer GmbH" in lines[1]
