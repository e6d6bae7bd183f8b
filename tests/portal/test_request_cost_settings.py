"""Settings that set the fixed cost of a request: persistent database connections and where
sessions are read from (issue 14 §3)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "sessions": settings.SESSION_ENGINE,
    "max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""
CONFIGURED = ["DATABASE_URL", "REDIS_URL", "CACHE_URL", "CONN_MAX_AGE"]


def settings_with(**env) -> dict:
    clean = {name: value for name, value in os.environ.items() if name not in CONFIGURED}
    result = subprocess.run(
        [sys.executable, "-c", PRINT],
        env=clean | {"DJANGO_SETTINGS_MODULE": "portal.settings"} | env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_connections_are_kept_and_checked_before_reuse():
    values = settings_with(DATABASE_URL="postgres://u@db.example:5432/portal")
    assert values["max_age"] == 600 and values["health_checks"] is True
    assert settings_with(CONN_MAX_AGE="0")["max_age"] == 0


def test_sessions_are_read_from_a_shared_cache():
    assert settings_with(REDIS_URL="redis://cache.example:6379/1")["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert settings_with(CACHE_URL="redis://cache.example:6379/2")["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_sessions_stay_in_the_database_when_each_process_has_its_own_cache():
    assert settings_with()["sessions"] == "django.contrib.sessions.backends.db"
