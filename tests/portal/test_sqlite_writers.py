"""The embedded default lets concurrent writers take turns: WAL, transactions that take the write
lock when they begin, and a wait for it (the race itself: tests/connections/test_concurrent_answers.py)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRAGMAS = """
import json, sqlite3, django
from django.db import connection, transaction
django.setup()
with transaction.atomic(), connection.cursor() as cursor:
    values = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "busy_timeout")}
    # A transaction that has only read still holds the write lock: another writer must wait.
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        values["others_may_write"] = True
    except sqlite3.OperationalError:
        values["others_may_write"] = False
print(json.dumps(values))
"""


def _pragmas(database_url):
    result = subprocess.run(
        [sys.executable, "-c", PRAGMAS],
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_sqlite_file_writes_ahead_and_waits_20_seconds_for_the_lock(tmp_path):
    assert _pragmas(f"sqlite:///{tmp_path / 'portal.sqlite3'}") == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "others_may_write": False,
    }


def test_options_in_the_database_url_win(tmp_path):
    assert _pragmas(f"sqlite:///{tmp_path / 'portal.sqlite3'}?timeout=5")["busy_timeout"] == 5000
