"""A newcomer in a real browser: sign up, verify the e-mail address from its link, connect."""

import re

from django.core import mail
from playwright.sync_api import expect


def test_a_newcomer_signs_up_verifies_the_address_and_connects(page, demo):
    page.goto(f"{demo.url}/signup/")
    page.get_by_label("Organisation name").fill("Northwind Paper")
    page.get_by_label("Legal name of your first supplier account").fill("Northwind Paper Ltd")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Username").fill("nora")
    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Email address").fill("nora@northwind.example")
    page.locator("#id_password1").fill("correct-horse-battery")  # its label is also the next one's start
    page.get_by_label("Password confirmation").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign up").click()

    banner = page.get_by_text("Please verify your e-mail address")
    expect(banner).to_be_visible()
    [email] = [message for message in mail.outbox if message.to == ["nora@northwind.example"]]
    [path] = re.findall(r"/verify-email/\S+/", email.body)

    page.goto(demo.url + path)
    expect(page.get_by_role("heading", name="Your e-mail address is verified")).to_be_visible()
    page.get_by_role("link", name="Go to Home").click()
    expect(banner).not_to_be_visible()

    page.get_by_role("link", name="Connect today").click()
    page.wait_for_load_state()  # the type-ahead listens once its deferred script has run
    page.get_by_role("combobox", name="Search for your customer").fill("network gmbh")
    page.get_by_role("option", name="AAA474005402 - Tungsten Network GmbH (DE255790071)").click()
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("heading", name="Your request has been received")).to_be_visible()
