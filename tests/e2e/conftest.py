"""Browser tests: Playwright driving Debian's Chromium against one live server shared by all."""

import os

import pytest
from playwright.sync_api import expect

from connections.services import connection_requests_create
from customers.models import BuyerEntity
from portal.demo import DEMO_PASSWORD, IT_ACCOUNT, demo_load
from suppliers.models import SupplierAccount, User

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the tests
# themselves (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# A busy CI machine with two cores can take a few seconds to render a page.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo(transactional_db, live_server):
    demo_load()
    return live_server


@pytest.fixture
def sign_in(page, demo):
    def sign_in_as(username: str, *, browser_page=None):
        browser_page = browser_page or page
        browser_page.goto(f"{demo.url}/login/")
        browser_page.get_by_label("User name or e-mail").fill(username)
        browser_page.get_by_label("Password").fill(DEMO_PASSWORD)
        browser_page.get_by_role("button", name="Sign in").click()
        return browser_page

    return sign_in_as


@pytest.fixture
def requests_made(demo):
    """Scenario 1 (a buyer without invoice data: a ticket and the buyer's link) and Scenario 2
    (the invoice challenge) for Elise's IT account."""
    elise = User.objects.get(username="elise")
    account = SupplierAccount.objects.get(legal_name=IT_ACCOUNT)
    [to_buyer] = connection_requests_create(
        account=account, buyers=[BuyerEntity.objects.get(legal_name="Tungsten Network GmbH")], by=elise
    )
    [challenged] = connection_requests_create(
        account=account, buyers=[BuyerEntity.objects.get(legal_name="Demonstration Example Buyer")], by=elise
    )
    return to_buyer, challenged
