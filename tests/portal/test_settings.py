"""Settings come only from the environment, and each has a safe default (README lists them)."""

import json
import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

CONFIG_VARS = [
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "BILLING_CREDENTIALS_KEYS",
    "DEBUG",
    "ALLOWED_HOSTS",
    "TRUSTED_PROXIES",
    "MEDIA_ROOT",
]

PRINT_SETTINGS = """
import json, django
from cryptography.fernet import Fernet
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "secret": settings.SECRET_KEY,
    "media": str(settings.MEDIA_ROOT),
    "hosts": settings.ALLOWED_HOSTS,
    "proxies": settings.TRUSTED_PROXIES,
}))
"""


def load_settings(**env):
    """The settings a fresh process sees with only `env` configured."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=clean | env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    return result


def test_it_starts_with_nothing_configured():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["debug"] is True
    assert values["media"] == str(settings.BASE_DIR / "media")
    assert "localhost" in values["hosts"]
    assert values["proxies"] == 0


def test_it_reads_each_service_from_the_environment():
    result = load_settings(
        DATABASE_URL="postgres://u@db.example:5432/portal",
        CELERY_BROKER_URL="redis://broker.example:6379/0",
        REDIS_URL="redis://cache.example:6379/1",
        EMAIL_URL="smtp://mail.example:1025",
        MEDIA_ROOT="/srv/media",
        ALLOWED_HOSTS="portal.example,www.portal.example",
        TRUSTED_PROXIES="2",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["media"] == "/srv/media"
    assert values["hosts"] == ["portal.example", "www.portal.example"]
    assert values["proxies"] == 2


def test_it_refuses_production_without_a_secret_key():
    result = load_settings(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_takes_a_real_secret_key_in_production():
    result = load_settings(
        DEBUG="False", SECRET_KEY="a-real-secret-from-the-environment", BILLING_CREDENTIALS_KEYS=Fernet.generate_key().decode()
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["secret"] == "a-real-secret-from-the-environment"


def test_celery_has_the_four_queues_and_safe_acknowledgement():
    from portal.celery import app

    assert {queue.name for queue in app.conf.task_queues} == {"default", "loads", "billing", "exports"}
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
