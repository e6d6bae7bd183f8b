"""Production settings: `check --deploy` is clean with DEBUG off, HTTPS is on by default and each
part can be switched off for a TLS-terminating proxy; e-mails link to the port the portal runs on."""

import json
import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

from tests.portal.test_settings import CONFIG_VARS

DEPLOY_VARS = [
    *CONFIG_VARS,
    "PORT",
    "PORTAL_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "BILLING_CREDENTIALS_KEYS": Fernet.generate_key().decode(),
    "ALLOWED_HOSTS": "portal.example",
}
PRINT_SECURITY = """
import json, django
from cryptography.fernet import Fernet
from django.conf import settings
django.setup()
print(json.dumps({
    "redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "portal_url": settings.PORTAL_URL,
}))
"""


def _run(args, **env):
    """`python args…` in a fresh process that sees only `env` of the portal's variables."""
    # The browser tests' conftest allows Django's ORM in Playwright's event loop, which
    # check --deploy rightly refuses in production.
    ignored = {*DEPLOY_VARS, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, *args], env=clean | env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


def _settings(**env) -> dict:
    result = _run(["-c", PRINT_SECURITY], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _check_deploy(**env):
    return _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)


def test_check_deploy_is_clean_in_production():
    result = _check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_a_proxy_setup_turns_https_off():
    result = _check_deploy(**PRODUCTION, SECURE_SSL_REDIRECT="False", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_https_redirect_and_hsts_are_on_by_default_without_debug():
    values = _settings(**PRODUCTION)
    assert values["redirect"] is True
    assert values["hsts"] >= 365 * 24 * 3600
    assert _settings()["redirect"] is False and _settings()["hsts"] == 0


def test_each_can_be_switched_off_for_a_tls_terminating_proxy():
    assert _settings(**PRODUCTION, SECURE_SSL_REDIRECT="False")["redirect"] is False
    assert _settings(**PRODUCTION, SECURE_HSTS_SECONDS="0")["hsts"] == 0


def test_the_proxy_tells_https_only_when_proxies_are_trusted():
    assert _settings(**PRODUCTION)["proxy_header"] is None
    assert _settings(**PRODUCTION, TRUSTED_PROXIES="1")["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_e_mails_link_to_the_port_the_portal_runs_on():
    assert _settings(PORT="8801")["portal_url"] == "http://127.0.0.1:8801"
    assert _settings()["portal_url"] == "http://127.0.0.1:8000"
    assert _settings(PORT="8801", PORTAL_URL="https://portal.example")["portal_url"] == "https://portal.example"


def test_make_passes_its_port_to_the_settings():
    """`make run PORT=8801`: the recipe's commands (runserver, and so the settings) see that port."""
    show = 'portal-url: ; @$(PY) -c "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_URL)"'
    # The browser tests' conftest allows Django's ORM in Playwright's event loop, which
    # check --deploy rightly refuses in production.
    ignored = {*DEPLOY_VARS, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    result = subprocess.run(
        ["make", "-s", "--eval", show, "portal-url", "PORT=8801"],
        env=clean | {"DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8801"
