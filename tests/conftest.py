import pytest
from django.conf import settings

from tests.factories import make_org, make_user


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
def outsider(other_org):
    """A member of another organisation: every object of `org` must be a 404 to them."""
    return make_user(other_org, first_name="Tom")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
