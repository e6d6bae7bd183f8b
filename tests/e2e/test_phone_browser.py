"""Every page works on a phone and at 200 % zoom: at 390 px wide (and 640 px, a 1280 px screen
zoomed to 200 %) nothing makes the page scroll sideways (a wide table scrolls inside its own box)."""

import pytest
from playwright.sync_api import expect

from connections.services import connection_requests_create
from customers.models import BuyerEntity
from customers.models import BuyerGroup
from portal.demo import GB_ACCOUNT, IT_ACCOUNT
from suppliers.models import SupplierAccount, User

PHONE = {"width": 390, "height": 844}
ZOOMED = {"width": 640, "height": 400}  # 1280 × 800 at 200 %


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED], ids=["390px", "200-percent-zoom"])
def test_the_main_pages_have_no_sideways_scroll(sign_in, demo, requests_made, viewport):
    to_buyer, challenged = requests_made
    group = BuyerGroup.objects.get(name="Technical Services Test Buyers")
    page = sign_in("elise")
    page.set_viewport_size(viewport)
    paths = [
        "/", "/customers/connect/", "/customers/connect/?buyer=AAA206515132", f"/customers/connect/?group={group.pk}",
        "/customers/relationships/", "/customers/requests/", f"/customers/requests/{to_buyer.code}/",
        f"/customers/activate/{challenged.challenge.code}/", "/my-account/", "/my-account/colleagues/", "/help/",
        "/help/tickets/", f"/help/tickets/{to_buyer.ticket.code}/", "/help/tickets/new/", "/invoices/search/?q=TNA93*",
    ]
    for path in paths:
        page.goto(demo.url + path)
        _no_sideways_scroll(page)
    page.locator("#account-select").select_option(label=GB_ACCOUNT)
    page.locator(".account-switcher button[type=submit]").click()
    expect(page.locator("#account-select option:checked")).to_have_text(GB_ACCOUNT)
    for path in ("/invoices/payments/", "/invoices/status/"):
        page.goto(demo.url + path)
        _no_sideways_scroll(page)
    page.get_by_role("main").get_by_role("table").get_by_role("link").first.click()
    _no_sideways_scroll(page)


def test_home_has_no_sideways_scroll_at_390_px(sign_in, demo):
    page = sign_in("elise")
    page.set_viewport_size(PHONE)
    page.goto(demo.url + "/")
    expect(page.get_by_role("heading", name="For your attention")).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Toggle menu").click()
    page.get_by_role("button", name="Customers").click()
    expect(page.get_by_role("link", name="Connection requests")).to_be_visible()
    _no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["de", "hu"])
def test_the_request_pages_have_no_sideways_scroll_in_long_languages(sign_in, demo, language):
    elise = User.objects.get(username="elise")
    buyer = BuyerEntity.objects.get(legal_name="Tungsten Network GmbH")
    connection_requests_create(account=SupplierAccount.objects.get(legal_name=IT_ACCOUNT), buyers=[buyer], by=elise)
    page = sign_in("elise")
    page.set_viewport_size(PHONE)
    page.get_by_role("combobox", name="Language").select_option(language)
    page.locator("footer button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    for path in ("/", "/customers/requests/", "/help/tickets/", "/my-account/", "/my-account/colleagues/", f"/customers/connect/?buyer={buyer.network_number}"):
        page.goto(demo.url + path)
        _no_sideways_scroll(page)
