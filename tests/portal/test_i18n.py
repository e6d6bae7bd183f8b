import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUES = ["cs", "de", "pl", "fr", "hu"]
# The same options the catalogues were made with (README: "Translations").
MAKEMESSAGES = ["makemessages", *[f"-l{code}" for code in CATALOGUES], "--ignore=.venv", "--ignore=tests",
                "--ignore=bench", "--no-location", "--no-obsolete"]


def test_the_portal_speaks_six_languages():
    assert [code for code, _ in settings.LANGUAGES] == ["en", *["cs", "de", "pl", "fr", "hu"]]


def test_accept_language_applies_before_sign_in(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.wsgi_request.LANGUAGE_CODE == "de"
    assert '<html lang="de">' in response.content.decode()


def test_switching_language_saves_the_signed_in_users_preference(member_client, member):
    response = member_client.post(reverse("set_language"), {"language": "pl", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    member.refresh_from_db()
    assert member.preferred_language == "pl"
    assert member_client.get(reverse("home")).wsgi_request.LANGUAGE_CODE == "pl"


def test_switching_language_signed_out_only_sets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "hu", "next": "/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hu"


def test_an_unknown_language_is_ignored(member_client, member):
    member_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.preferred_language == ""


@pytest.mark.parametrize("code,welcome", [("cs", "Vítejte"), ("de", "Willkommen"), ("pl", "Witamy"), ("fr", "Bienvenue")])
def test_home_is_translated(member_client, code, welcome):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    assert f"{welcome} Elise" in member_client.get(reverse("home")).content.decode()


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """The catalogues as makemessages leaves them after extracting today's strings."""
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "db.sqlite3*", "__pycache__", "*.mo"),
    )
    subprocess.run([sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_marked_string_is_translated_and_none_is_fuzzy(fresh_catalogues, code):
    po = fresh_catalogues / code / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert stats.returncode == 0, stats.stderr
    assert "fuzzy" not in stats.stderr and "untranslated" not in stats.stderr, (
        f"{code}: {stats.stderr.strip()}\n"
        + "".join(
            subprocess.run(["msgattrib", flag, str(po)], capture_output=True, text=True).stdout
            for flag in ("--untranslated", "--only-fuzzy")
        )
    )
