"""Two answers to one buyer link at the same moment: the first wins, the second is told the link
was already used (410), on PostgreSQL and on the embedded SQLite default alike."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

import connections.services
from connections.buyer_link import buyer_link_token
from connections.models import ConnectionRequest
from tests.factories import make_buyer, make_request
from tests.locks import until_another_connection_waits_for_a_lock

State = ConnectionRequest.State


@pytest.mark.parametrize("second_answer", ["reject", "confirm"])
def test_on_a_sqlite_file_the_second_answer_is_told_the_link_was_used(tmp_path, second_answer):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "EMAIL_URL": "memorymail://",
        "CELERY_BROKER_URL": "",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.connections.sqlite_answers", second_answer],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"statuses": [200, 410], "state": State.ACTIVE}, result.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second_answer", ["reject", "confirm"])
def test_on_postgresql_the_second_answer_is_told_the_link_was_used(org, monkeypatch, second_answer):
    req = make_request(org, buyer=make_buyer())
    url = reverse("connections:buyer-request", kwargs={"token": buyer_link_token(req)})
    first_holds = threading.Event()
    relationship_create = connections.services.relationship_create

    def held_relationship_create(**kwargs):
        # Inside the first answer's transaction, with the request locked: wait for the second.
        first_holds.set()
        until_another_connection_waits_for_a_lock()
        return relationship_create(**kwargs)

    monkeypatch.setattr(connections.services, "relationship_create", held_relationship_create)
    statuses = {}

    def first_answer():
        try:
            statuses["first"] = Client().post(url, {"answer": "confirm"}).status_code
        finally:
            connection.close()

    first = threading.Thread(target=first_answer)
    first.start()
    assert first_holds.wait(10)
    monkeypatch.setattr(connections.services, "relationship_create", relationship_create)
    statuses["second"] = Client().post(url, {"answer": second_answer, "reason": "No"}).status_code
    first.join(10)
    req.refresh_from_db()
    assert (statuses["first"], statuses["second"], req.state) == (200, 410, State.ACTIVE)
