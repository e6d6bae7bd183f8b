"""Run by test_concurrent_answers.py in a process of its own, on a file-based SQLite database
(the test database is in memory, where connections share one cache and lock differently).

Two answers to one buyer link are posted at the same moment by two threads, each with its own
connection: a confirmation, then the given second answer. The first is held inside its
transaction until the second has begun its own, so their transactions overlap every time.
Prints the two status codes and the request's state as JSON.

Usage: DATABASE_URL=sqlite:///path python -m tests.connections.sqlite_answers confirm|reject
"""

import json
import sys
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

import connections.services  # noqa: E402
from connections.buyer_link import buyer_link_token  # noqa: E402
from connections.models import ConnectionRequest  # noqa: E402
from tests.factories import make_buyer, make_org, make_request  # noqa: E402

WAIT = 30  # seconds: a deadline, never reached when all goes well


def _url(req):
    return reverse("connections:buyer-request", kwargs={"token": buyer_link_token(req)})


def main(second_answer: str) -> None:
    call_command("migrate", verbosity=0)
    req = make_request(make_org(), buyer=make_buyer())
    connection.close()

    first_holds, second_began = threading.Event(), threading.Event()
    relationship_create = connections.services.relationship_create

    def held_relationship_create(**kwargs):
        # Inside the first answer's transaction, after its write: wait for the second answer.
        if threading.current_thread().name == "first":
            first_holds.set()
            second_began.wait(WAIT)
        return relationship_create(**kwargs)

    connections.services.relationship_create = held_relationship_create
    statuses = {}

    def answer(name, data):
        try:
            if name == "second":
                first_holds.wait(WAIT)
                connection.ensure_connection()
                connection.connection.set_trace_callback(
                    lambda sql: second_began.set() if sql.startswith("BEGIN") else None
                )
            statuses[name] = Client(raise_request_exception=False, HTTP_HOST="localhost").post(_url(req), data).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, name="first", args=("first", {"answer": "confirm"})),
        threading.Thread(target=answer, name="second", args=("second", {"answer": second_answer, "reason": "No"})),
    ]
    threads[0].start()
    threads[1].start()
    for thread in threads:
        thread.join(WAIT)
    state = ConnectionRequest.objects.get(pk=req.pk).state
    print(json.dumps({"statuses": [statuses.get("first"), statuses.get("second")], "state": state}))


if __name__ == "__main__":
    main(sys.argv[1])
