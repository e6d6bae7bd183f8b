"""Elise connects her billing system (a signed webhook, the fake receiver), tests the connection,
sends an invoice and sees the billing system's number and link."""

from playwright.sync_api import expect

from invoices.documents import services
from suppliers.models import User
from tests.invoices.billing.fakes import FakeWebhookReceiver
from tests.invoices.documents.makers import draft


def test_elise_connects_a_webhook_and_sees_the_invoice_number_and_link(sign_in, demo):
    page = sign_in("elise")
    with FakeWebhookReceiver() as receiver:
        page.get_by_role("button", name="Invoices").click()
        page.get_by_role("link", name="Billing integration").click()
        expect(page.get_by_role("heading", name="Integration")).to_be_visible()
        page.get_by_label("Webhook").check()
        page.get_by_label("Receiver URL").fill(receiver.url)
        page.get_by_label("Signing secret").fill(receiver.secret)
        page.get_by_label("Issue an invoice when the total is zero").check()
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("The integration has been saved.")).to_be_visible()
        expect(page.get_by_text("Saved. Leave empty to keep it.")).to_be_visible()
        assert receiver.secret not in page.content()

        page.get_by_role("button", name="Test connection").click()
        expect(page.get_by_text("The connection works.")).to_be_visible()

        elise = User.objects.get(username="elise")
        account = elise.memberships.get().organisation.accounts.order_by("created_at", "pk").first()
        invoice = services.invoice_send(invoice=draft(account, user=elise), acting_user=elise)
        page.reload()
        link = page.get_by_role("link", name="WH-2026-00001")
        expect(link).to_have_attribute("href", "https://books.example/invoices/1")
        expect(page.get_by_role("row", name=invoice.number)).to_be_visible()
