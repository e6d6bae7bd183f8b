import os
from pathlib import Path

import pytest
from django.conf import settings

from suppliers.models import Membership
from tests.factories import make_org, make_user


# The official e-invoice rules: EINVOICE_RULES_DIR when set, else where the project's machines and
# CI keep them, beside the checkout (the project never copies them). Tests that need them fail,
# never skip, when the directory is missing (tests/invoices/documents/conftest.py).
settings.EINVOICE_RULES_DIR = os.environ.get("EINVOICE_RULES_DIR") or str(
    Path(settings.BASE_DIR).parent / "shared" / "einvoice-rules"
)


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    if on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def org(db):
    return make_org("Adams Office Supplies")


@pytest.fixture
def other_org(db):
    return make_org("Brightwater Traders")


@pytest.fixture
def account(org):
    return org.accounts.get()


@pytest.fixture
def member(org):
    return make_user(org, first_name="Elise")


@pytest.fixture
def org_admin(org):
    """An administrator of `org` (named apart from pytest-django's `admin_user`, a superuser)."""
    return make_user(org, role=Membership.Role.ADMIN, first_name="Ada")


@pytest.fixture
def read_only(org):
    return make_user(org, role=Membership.Role.READ_ONLY, first_name="Rita")


@pytest.fixture
def outsider(other_org):
    """A member of another organisation: every object of `org` must be a 404 to them."""
    return make_user(other_org, first_name="Tom")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def org_admin_client(client, org_admin):
    client.force_login(org_admin)
    return client


@pytest.fixture
def read_only_client(client, read_only):
    client.force_login(read_only)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture(autouse=True, scope="session")
def tasks_run_in_process():
    """Tasks run eagerly in the test process even where CI configures a broker; the tests that
    need a real worker start one themselves."""
    from portal.celery import app

    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def webhooks_to_the_fakes_on_loopback(settings):
    """The fake billing systems listen on 127.0.0.1; tests/invoices/billing/test_webhook.py turns
    this off to see private addresses refused."""
    settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES = True


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    """Uploads land in a temporary folder, never in the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Counters kept in the cache (the challenge's answers per hour) start at zero in each test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def sessions_in_the_database(settings):
    """Pinned query counts hold whether or not CI configures Redis (which turns on sessions read
    from the cache); tests/portal/test_query_counts.py measures both engines itself."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
