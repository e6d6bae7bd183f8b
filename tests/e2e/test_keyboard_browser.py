"""The seed tour with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, Escape): no mouse
event reaches any page. Scenario 1 (a ticket), the group connect and the invoice challenge."""

import re

import pytest
from playwright.sync_api import expect

from customers.models import BuyerInvoiceRecord

# Counts every mouse or pointer event a page receives, across navigations (sessionStorage).
MOUSE_WATCH = """
for (const kind of ["mousedown", "mouseup", "pointerdown", "pointerup", "dblclick", "contextmenu"]) {
  addEventListener(kind, (event) => {
    if (event.isTrusted) sessionStorage.mouse = Number(sessionStorage.mouse || 0) + 1;
  }, true);
}
"""


@pytest.fixture
def keyboard_page(sign_in, page):
    page.add_init_script(MOUSE_WATCH)
    sign_in("elise")  # with the mouse: not part of what is checked
    page.evaluate("sessionStorage.mouse = 0")
    yield page
    assert page.evaluate("Number(sessionStorage.mouse || 0)") == 0, "a mouse event reached the page"


def _is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


# What the focused element shows: its outline (style, width in px) and its box shadow.
FOCUS_RING = """() => {
  const element = document.activeElement;
  if (element === document.body) return null;  // Tab went past the last element, to the browser
  const style = getComputedStyle(element);
  return {element: element.outerHTML.slice(0, 120), outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
}"""


def assert_focus_visible(page) -> None:
    """The focused element shows a ring: an outline of 2 px or more, or a box shadow."""
    ring = page.evaluate(FOCUS_RING)
    assert ring is None or (ring["outline"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", f"no focus ring: {ring}"


def tab_to(page, locator, *, backwards=False, limit=80) -> None:
    """Press Tab (Shift+Tab backwards) until `locator` has the focus, checking that every element
    passed on the way shows its focus ring; fail after `limit` presses."""
    expect(locator).to_be_attached()
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert_focus_visible(page)
        if _is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def _search_and_choose(page, text, option_name):
    """The connect page's search box has the focus: type, arrow down to the option, Enter."""
    page.wait_for_load_state()  # the type-ahead listens once its deferred script has run
    box = page.get_by_role("combobox", name="Search for your customer")
    expect(box).to_be_focused()
    page.keyboard.type(text)
    option = page.get_by_role("option", name=option_name)
    expect(option).to_be_visible()
    options = page.locator("#directory-results").get_by_role("option")
    for _ in range(options.count()):
        page.keyboard.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == option.get_attribute("id"):
            break
    page.keyboard.press("Enter")


def test_scenario_1_by_keyboard_connect_a_buyer_without_invoice_data(keyboard_page, demo):
    page = keyboard_page
    page.goto(demo.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")  # past the header and the menu
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    tab_to(page, page.get_by_role("link", name="Connect today"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Connect with a customer")).to_be_visible()
    page.wait_for_load_state()
    page.keyboard.type("xqzzy")
    expect(page.locator("#directory-status")).to_have_text("No customer matches “xqzzy”.")
    page.keyboard.press("Escape")  # clears the search
    expect(page.get_by_role("combobox", name="Search for your customer")).to_have_value("")
    _search_and_choose(page, "network gmbh", "AAA474005402 - Tungsten Network GmbH (DE255790071)")

    expect(page.get_by_role("region", name="You selected:")).to_contain_text("AAA474005402")
    tab_to(page, page.get_by_label("Vendor Code"))
    page.keyboard.type("ADAMS-17")
    tab_to(page, page.get_by_label("Notes"))
    page.keyboard.type("Supplier of office paper since 2019.")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Vendor Code")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Connect"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your request has been received")).to_be_visible()
    notice = page.get_by_role("status").first
    expect(notice).to_contain_text(re.compile(r"Your reference number is \d{7}"))
    reference = re.search(r"reference number is (\d{7})", notice.inner_text()).group(1)

    # The main menu by keyboard: Escape closes a menu, arrows move through it.
    customers = page.get_by_role("button", name="Customers")
    tab_to(page, customers, backwards=True)
    page.keyboard.press("Enter")
    expect(customers).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(customers).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    requests_link = page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Connection requests")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        if _is_focused(requests_link):
            break
    expect(requests_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("row", name=re.compile("Tungsten Network GmbH"))).to_contain_text(reference)


def test_the_group_connect_by_keyboard(keyboard_page, demo):
    page = keyboard_page
    page.goto(demo.url + "/customers/connect/")
    _search_and_choose(page, "technical services", "Group Technical Services Test Buyers")

    buyer1 = page.get_by_role("checkbox", name=re.compile("AAA206515101 - Technical Services Test Buyer 1 "))
    buyer5 = page.get_by_role("checkbox", name=re.compile("AAA206515105 - Technical Services Test Buyer 5 "))
    tab_to(page, buyer1)
    page.keyboard.press("Space")
    expect(buyer1).to_be_checked()
    tab_to(page, buyer5)
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")  # back a box, and forward again
    page.keyboard.press("Tab")
    expect(buyer5).to_be_focused()
    expect(buyer5).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Connect"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Technical Services Test Buyer 1")).to_contain_text("AAA206515101")
    expect(page.get_by_role("status").filter(has_text="Technical Services Test Buyer 5")).to_contain_text("AAA206515105")


def test_the_invoice_challenge_by_keyboard(keyboard_page, demo):
    page = keyboard_page
    page.goto(demo.url + "/customers/connect/")
    _search_and_choose(page, "demonstration", re.compile("Demonstration Example Buyer"))
    tab_to(page, page.get_by_role("button", name="Connect"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Activate your buyer")).to_be_visible()
    main = page.get_by_role("main")
    tab_to(page, main.get_by_label("Invoice number"))
    page.keyboard.type("TNA9322")
    tab_to(page, main.get_by_label("Invoice date"))
    page.keyboard.type("10/08/2015")
    tab_to(page, main.get_by_label("Invoice amount"))
    page.keyboard.type("4508")
    page.keyboard.press("Enter")  # submits the form

    expect(page.locator("[aria-current=step]")).to_contain_text("Pass a challenge")
    record = BuyerInvoiceRecord.objects.get(invoice_number=page.locator("#challenged-invoice").inner_text())
    tab_to(page, main.get_by_label("Invoice date"))
    page.keyboard.type(record.invoice_date.strftime("%d/%m/%Y"))
    tab_to(page, main.get_by_label("Invoice amount"))
    page.keyboard.type(f"{record.amount}")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Step 3. Complete")).to_be_visible()
    tab_to(page, main.get_by_role("link", name="Customer relationships"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("row", name=re.compile("Demonstration Example Buyer"))).to_be_visible()
