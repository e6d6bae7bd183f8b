"""Waiting, in race tests, for another connection to block on a row lock (PostgreSQL only)."""

import time

from django.db import connection


def until_another_connection_waits_for_a_lock(who: str, seconds: float = 10) -> None:
    """Returns once some connection waits for a lock; AssertionError naming `who` after `seconds`."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError(f"{who} never waited for the lock")
