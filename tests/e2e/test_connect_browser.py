"""Scenario 1 in a real browser: search, connect, the buyer confirms from its e-mail."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.factories import PDF_BYTES


def _search_box(page):
    return page.get_by_role("combobox", name="Search for your customer")


def _search_and_pick(page, query, option):
    page.wait_for_load_state()  # the type-ahead listens once its deferred script has run
    _search_box(page).fill(query)
    page.get_by_role("option", name=option).click()


def test_elise_connects_a_buyer_who_confirms_from_the_email(sign_in, browser, demo, tmp_path):
    page = sign_in("elise")
    page.get_by_role("link", name="Connect today").click()
    expect(page.get_by_text("Search for your customers and send a connection request")).to_be_visible()

    _search_and_pick(page, "network gmbh", "AAA474005402 - Tungsten Network GmbH (DE255790071)")
    expect(page.get_by_text("You selected:")).to_be_visible()
    expect(page.get_by_text("AAA474005402", exact=True)).to_be_visible()
    page.get_by_label("Vendor Code").fill("ADAMS-17")
    pdf = tmp_path / "purchase-order.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_label("Attachment").set_input_files(pdf)
    page.get_by_role("button", name="Connect").click()

    expect(page.get_by_role("heading", name="Your request has been received")).to_be_visible()
    notice = page.get_by_role("status").first
    expect(notice).to_contain_text("Your reference number is")
    reference = re.search(r"reference number is (\d{7})", notice.inner_text()).group(1)

    [email] = [message for message in mail.outbox if message.to == ["ap.tungsten-network-gmbh@example.com"]]
    assert "ADAMS-17" in email.body
    [path] = [path for path in re.findall(r"/buyer/\S+/", email.body) if not path.endswith("/attachment/")]

    buyer_context = browser.new_context()  # the buyer: no session, no cookies
    buyer_page = buyer_context.new_page()
    buyer_page.goto(demo.url + path)
    expect(buyer_page.get_by_text("Adams Office Supplies (IT) - Test").first).to_be_visible()
    buyer_page.get_by_role("button", name="Confirm").click()
    expect(buyer_page.get_by_role("status")).to_contain_text("is now connected to you")
    buyer_context.close()

    page.goto(f"{demo.url}/customers/relationships/")
    row = page.get_by_role("row", name=re.compile("Tungsten Network GmbH"))
    expect(row).to_contain_text("ADAMS-17")
    page.goto(f"{demo.url}/help/tickets/")
    expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Resolved")


def test_elise_connects_two_entities_of_a_group(sign_in, demo):
    page = sign_in("elise")
    page.goto(f"{demo.url}/customers/connect/")
    _search_and_pick(page, "technical services", "Technical Services Test Buyers")
    expect(page.get_by_text("POLAND", exact=False).first).to_be_visible()
    page.get_by_label("AAA206515101 - Technical Services Test Buyer 1").check()
    page.get_by_label("AAA206515105 - Technical Services Test Buyer 5").check()
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("status")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Technical Services Test Buyer 1")).to_contain_text("AAA206515101")
    expect(page.get_by_role("status").filter(has_text="Technical Services Test Buyer 5")).to_contain_text("AAA206515105")


def test_the_keyboard_picks_a_result(sign_in, demo):
    page = sign_in("elise")
    page.goto(f"{demo.url}/customers/connect/")
    _search_box(page).fill("technical services test buyer 17")
    expect(page.locator("#directory-results").get_by_role("option").first).to_be_visible()
    _search_box(page).press("ArrowDown")
    _search_box(page).press("Enter")
    expect(page.get_by_role("region", name="You selected:")).to_contain_text("Malaysia")


def test_the_group_tree_follows_the_account_chosen_in_the_form(sign_in, demo):
    from connections.services import connection_requests_create
    from customers.models import BuyerEntity
    from portal.demo import GB_ACCOUNT
    from suppliers.models import SupplierAccount, User

    gb = SupplierAccount.objects.get(legal_name=GB_ACCOUNT)
    buyer5 = BuyerEntity.objects.get(network_number="AAA206515105")
    [pending] = connection_requests_create(account=gb, buyers=[buyer5], by=User.objects.get(username="elise"))
    page = sign_in("elise")  # the IT account is in use
    page.goto(f"{demo.url}/customers/connect/?buyer=AAA206515101")
    page.get_by_text("Show group").click()
    entity5 = page.get_by_label("AAA206515105 - Technical Services Test Buyer 5")
    expect(entity5).to_be_enabled()

    page.get_by_label("Select an account").select_option(label=GB_ACCOUNT)
    expect(page.get_by_label(re.compile("AAA206515105 - Technical Services Test Buyer 5"))).to_be_disabled()
    expect(page.get_by_label(re.compile("AAA206515105 - Technical Services Test Buyer 5"))).to_be_visible()
    expect(page.locator("#connect-entities")).to_contain_text(pending.ticket.reference)

    page.get_by_label("Select an account").select_option(label="Adams Office Supplies (IT) - Test")
    expect(page.get_by_label("AAA206515105 - Technical Services Test Buyer 5")).to_be_enabled()
