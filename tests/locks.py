"""Waiting on PostgreSQL's locks in race tests: a condition with a deadline, never a sleep."""

import time

from django.db import connection


def until_another_connection_waits_for_a_lock(what: str = "another connection", seconds: float = 10) -> None:
    """Returns once some other connection waits for a lock (row or advisory); AssertionError
    naming `what` never waited after `seconds`."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError(f"{what} never waited for the lock")
