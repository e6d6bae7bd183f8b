"""Scenario 2 in a real browser: the seed's invoice challenge at Demonstration Example Buyer."""

import re

from playwright.sync_api import expect

from customers.models import BuyerInvoiceRecord


def _connect_demonstration_buyer(page, demo):
    page.goto(f"{demo.url}/customers/connect/")
    page.get_by_role("combobox", name="Search for your customer").fill("demonstration")
    page.get_by_role("option", name=re.compile("Demonstration Example Buyer")).click()
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("heading", name="Activate your buyer")).to_be_visible()
    expect(page.get_by_text("before you can access invoice data for Demonstration Example Buyer")).to_be_visible()


def _enter(page, **fields):
    for label, value in fields.items():
        page.get_by_role("main").get_by_label(label).fill(value)
    page.get_by_role("button", name="Continue").click()


def test_elise_passes_the_challenge_and_her_invoices_load(sign_in, demo):
    page = sign_in("elise")
    _connect_demonstration_buyer(page, demo)
    expect(page.locator("[aria-current=step]")).to_contain_text("Enter an invoice")
    _enter(page, **{"Invoice number": "TNA9322", "Invoice date": "10/08/2015", "Invoice amount": "4508"})

    expect(page.locator("[aria-current=step]")).to_contain_text("Pass a challenge")
    shown = page.locator("#challenged-invoice").inner_text()
    assert shown != "TNA9322"
    record = BuyerInvoiceRecord.objects.get(invoice_number=shown)
    # The calendar's choice (an ISO date from the browser's picker) is written the English way.
    expect(page.get_by_role("button", name="Choose a date")).to_be_visible()
    page.locator("[data-date-picker-for]").evaluate(
        "(picker, day) => { picker.value = day; picker.dispatchEvent(new Event('change', {bubbles: true})); }",
        record.invoice_date.isoformat(),
    )
    expect(page.get_by_role("main").get_by_label("Invoice date")).to_have_value(record.invoice_date.strftime("%d/%m/%Y"))
    _enter(page, **{"Invoice amount": f"{record.amount:,}"})

    expect(page.get_by_role("heading", name="Step 3. Complete")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Complete")
    page.get_by_role("link", name="Customer relationships").click()
    expect(page.get_by_role("row", name=re.compile("Demonstration Example Buyer"))).to_be_visible()
    page.goto(f"{demo.url}/invoices/search/?q=TNA93*")
    expect(page.get_by_role("row", name=re.compile("TNA9322"))).to_be_visible()


def test_wrong_answers_lock_the_challenge_and_give_a_ticket_reference(sign_in, demo):
    page = sign_in("elise")
    _connect_demonstration_buyer(page, demo)
    for _ in range(4):
        _enter(page, **{"Invoice number": "TNA9322", "Invoice date": "11/08/2015", "Invoice amount": "4508"})
        expect(page.get_by_role("alert")).to_have_text("The details do not match our records.")
    _enter(page, **{"Invoice number": "TNA9322", "Invoice date": "11/08/2015", "Invoice amount": "4508"})
    expect(page.get_by_role("heading", name="Your request has been received")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your reference number is \d{7}"))).to_be_visible()
