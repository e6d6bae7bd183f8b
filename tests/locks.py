"""Waiting on PostgreSQL's locks in race tests: a condition with a deadline, never a sleep."""

import time

from django.db import connection


def until_another_connection_waits_for_a_lock(seconds: float = 10) -> None:
    """Return once some connection waits for a lock (pg_locks); fail after `seconds`."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no other connection waited for a lock")
