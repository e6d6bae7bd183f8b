"""Every page works on a phone: at 390 px wide nothing makes the page scroll sideways (a wide
table scrolls inside its own box)."""

import pytest
from playwright.sync_api import expect

from connections.services import connection_requests_create
from customers.models import BuyerEntity
from portal.demo import IT_ACCOUNT
from suppliers.models import SupplierAccount, User

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide on a {widths[1]} px screen"


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
