"""axe-core (WCAG 2.1 A/AA) on every page the browser tests visit, in English and in German.

One test per language and kind of visitor walks its pages and fails once, listing every page's
violations: the sweep costs a few demo loads, not one per page.
"""

import pytest
from playwright.sync_api import expect

from connections.buyer_link import buyer_link_token
from connections.models import Relationship
from customers.models import BuyerGroup
from invoices.models import LoadRun
from invoices.models.documents import NO_AP_ADDRESS
from portal.demo import DEMO_PASSWORD, GB_ACCOUNT
from suppliers.models import Organisation
from tickets.models import SupportTicket
from tests.factories import make_invoice
from tests.e2e.accessibility import axe_violations, format_violations

LANGUAGES = ["en", "de"]


class Sweep:
    """Checks pages one after another in one language and remembers what failed."""

    def __init__(self, page, base_url, language):
        self.page, self.base_url, self.language = page, base_url, language
        self.failures = []
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])

    def visit(self, name, path, **kwargs):
        self.page.goto(self.base_url + path)
        self.check(name, **kwargs)

    def check(self, name, **kwargs):
        """Check the page as it is now (after typing, opening, submitting)."""
        self.page.wait_for_load_state()
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        if violations := axe_violations(self.page, **kwargs):
            self.failures.append(f"{name} ({self.page.url}):\n{format_violations(violations)}")

    def assert_clean(self):
        assert not self.failures, "axe-core (WCAG 2.1 AA) found violations:\n" + "\n".join(self.failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_supplier_pages_pass_axe(sign_in, demo, requests_made, language):
    to_buyer, challenged = requests_made
    page = sign_in("elise")
    sweep = Sweep(page, demo.url, language)
    sweep.visit("Home", "/")
    sweep.visit("Connect with a customer", "/customers/connect/")
    page.locator("#directory-search").fill("tungsten")
    expect(page.locator("#directory-results [role=option]").first).to_be_visible()
    page.locator("#directory-search").press("ArrowDown")
    sweep.check("Connect with a customer, type-ahead open")
    page.locator("#directory-search").fill("xqzzy")
    expect(page.locator("#directory-status")).not_to_be_empty()
    sweep.check("Connect with a customer, nothing found")
    sweep.visit("Customer search without JavaScript", "/customers/search/?q=tungsten")
    sweep.visit("Connect: one entity", "/customers/connect/?buyer=AAA206515132")
    group = BuyerGroup.objects.get(name="Technical Services Test Buyers")
    sweep.visit("Connect: the group tree", f"/customers/connect/?group={group.pk}")
    sweep.visit("Customer relationships", "/customers/relationships/")
    sweep.visit("Connection requests", "/customers/requests/")
    sweep.visit("A connection request", f"/customers/requests/{to_buyer.code}/")
    sweep.visit("The invoice challenge", f"/customers/activate/{challenged.challenge.code}/")
    page.get_by_role("main").locator("button[type=submit]").first.click()
    expect(page.get_by_role("alert")).to_be_visible()
    sweep.check("The invoice challenge with errors")
    sweep.visit("My account", "/my-account/")
    sweep.visit("Colleagues", "/my-account/colleagues/")
    sweep.visit("Help & Support", "/help/")
    sweep.visit("Support tickets", "/help/tickets/")
    sweep.visit("A support ticket", f"/help/tickets/{to_buyer.ticket.code}/")
    sweep.visit("Raise a ticket", "/help/tickets/new/")
    sweep.visit("Invoice search", "/invoices/search/?q=TNA93*")

    page.goto(demo.url + "/")
    page.locator("#account-select").select_option(label=GB_ACCOUNT)
    page.locator(".account-switcher button[type=submit]").click()
    relationship = Relationship.objects.get(account__legal_name=GB_ACCOUNT, buyer__legal_name="Tungsten Network Limited")
    LoadRun.objects.create(
        organisation=relationship.organisation, relationship=relationship, state="running", rows_done=100, rows_total=300
    )
    sweep.visit("Where is my invoice? (a load running: its progress bar)", "/invoices/status/")
    expect(page.get_by_role("progressbar")).to_be_visible()
    page.get_by_role("main").get_by_role("table").get_by_role("link").first.click()
    sweep.check("An invoice")
    sweep.visit("When will I get paid?", "/invoices/payments/")
    sweep.visit("Connect: a buyer with a request sent", "/customers/connect/?buyer=AAA206515101")
    page.get_by_role("main").locator("button[type=submit]").last.click()
    sweep.check("Request received")
    sweep.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invoicing_pages_pass_axe(sign_in, demo, language):
    org = Organisation.objects.get(memberships__user__username="elise")
    failed = make_invoice(org, state="sent", delivery_state="failed", delivery_failure=NO_AP_ADDRESS)
    draft = make_invoice(org)
    page = sign_in("elise")
    sweep = Sweep(page, demo.url, language)
    sweep.visit("Home with failed and saved invoices", "/")
    sweep.visit("Invoicing", "/invoicing/")
    sweep.visit("Create invoice", "/invoicing/new/")
    page.locator("#id_lines-0-net_price").fill("12x")
    page.locator("button[name=action][value=save]").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    sweep.check("Create invoice, refused with its errors")
    sweep.visit("Create credit note", "/invoicing/credit-notes/new/")
    sweep.visit("A draft", f"/invoicing/{draft.uuid}/edit/")
    sweep.visit("A failed invoice", f"/invoicing/{failed.uuid}/")
    sweep.visit("Billing integration", f"/settings/integration/{failed.account.code}/")
    sweep.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_without_sign_in_pass_axe(page, demo, requests_made, language):
    to_buyer, _ = requests_made
    sweep = Sweep(page, demo.url, language)
    sweep.visit("Sign in", "/login/")
    sweep.visit("Sign-up", "/signup/")
    # The server's errors (summary, fields marked), not the browser's own required-field bubbles.
    page.get_by_role("main").locator("form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("main").locator("button[type=submit]").first.click()
    expect(page.get_by_role("alert")).to_be_visible()
    sweep.check("Sign-up with errors")
    sweep.visit("Password reset", "/password_reset/")
    sweep.visit("The buyer's confirmation", f"/buyer/{buyer_link_token(to_buyer)}/")
    sweep.visit("A broken buyer's link", "/buyer/not-a-token/")
    sweep.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_support_staff_admin_pages_pass_axe(page, demo, requests_made, language):
    to_buyer, _ = requests_made
    sweep = Sweep(page, demo.url, language)
    page.goto(demo.url + "/admin/login/")
    sweep.check("Admin sign-in")
    page.locator("#id_username").fill("sam")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    sweep.check("Admin home")
    sweep.visit("Tickets", "/admin/tickets/supportticket/")
    ticket = SupportTicket.objects.get(pk=to_buyer.ticket.pk)
    sweep.visit("A ticket", f"/admin/tickets/supportticket/{ticket.pk}/change/")
    sweep.visit("Connection requests", "/admin/connections/connectionrequest/")
    sweep.visit("A connection request", f"/admin/connections/connectionrequest/{to_buyer.pk}/change/")
    sweep.assert_clean()
