"""Invoicing in a real browser: Elise, in German, writes an invoice for the test buyer, saves it,
sends it and downloads its PDF; an invoice to a customer without an AP address fails and shows
on Home with the reason; a credit note corrects the first invoice."""

from django.conf import settings
from playwright.sync_api import expect

from connections.models import Relationship
from customers.models import BuyerEntity
from invoices.models import Invoice
from tests.factories import make_relationship

IT_ACCOUNT = "Adams Office Supplies (IT) - Test"


def _in_german(page):
    page.get_by_role("combobox", name="Language").select_option("de")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")


def _line(page, index: int, description: str, quantity: str, price: str, rate: str):
    page.locator(f"#id_lines-{index}-description").fill(description)
    page.locator(f"#id_lines-{index}-quantity").fill(quantity)
    page.locator(f"#id_lines-{index}-net_price").fill(price)
    page.locator(f"#id_lines-{index}-vat_rate").fill(rate)


def _header(page, buyer_label: str):
    page.locator("#id_buyer").select_option(label=buyer_label)
    page.locator("#id_payment_terms").fill("30 Tage netto")
    page.locator("#id_buyer_reference").fill("PO-4711")


def _customer_without_ap_address() -> BuyerEntity:
    account = Relationship.objects.filter(account__legal_name=IT_ACCOUNT).first().account
    buyer = BuyerEntity.objects.create(
        network_number="AAA555000111", legal_name="Stille Post GmbH", country="DE", vat_number="DE136695976",
        street="Hauptstraße 1", city="Berlin", post_code="10115",
    )
    make_relationship(account, buyer)
    return buyer


def test_elise_writes_saves_sends_and_corrects_an_invoice(sign_in, demo, page):
    silent = _customer_without_ap_address()
    page = sign_in("elise")
    _in_german(page)

    # Write: two lines, amounts as German writes them; the totals follow as she types.
    page.get_by_role("link", name="Rechnung erstellen").click()
    _header(page, f"{settings.TEST_BUYER_NETWORK_NUMBER} - Network Test Buyer")
    _line(page, 0, "Papier A4, 500 Blatt", "10", "4,50", "19")
    rows = page.locator("#lines-rows tr:not([hidden])")
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="Position hinzufügen").click()
    expect(rows).to_have_count(2)  # in place, no reload
    expect(page.locator("#id_lines-1-description")).to_be_focused()
    _line(page, 1, "Toner", "2", "1.234,50", "19")
    expect(page.locator("#lines-1-net")).to_have_text("2.469,00")
    expect(page.locator('[data-total="BT-115"]')).to_have_text("2.991,66 EUR")  # 2,514.00 + 19 %

    # A third line, removed again in place.
    page.get_by_role("button", name="Position hinzufügen").click()
    expect(rows).to_have_count(3)
    page.get_by_role("button", name="Entfernen Position 3").click()
    expect(rows).to_have_count(2)

    # Save: under Saved invoices on Home.
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Gespeichert")).to_be_visible()
    page.get_by_role("link", name="Startseite").click()
    saved = page.get_by_role("table", name="Gespeicherte Rechnungen")
    expect(saved).to_contain_text("Network Test Buyer")
    expect(saved).to_contain_text("2.991,66 EUR")

    # Send it, then download its PDF.
    saved.get_by_role("link").first.click()
    page.get_by_role("button", name="Senden").click()
    expect(page.get_by_role("status").filter(has_text="INV-1")).to_be_visible()
    first = Invoice.objects.get(number="INV-1")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    assert download.value.suggested_filename == "INV-1.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # An invoice to a customer without an AP address: Failed, on Home with the reason.
    page.get_by_role("link", name="Startseite").click()
    page.get_by_role("link", name="Rechnung erstellen").click()
    _header(page, f"{silent.network_number} - {silent.legal_name}")
    _line(page, 0, "Beratung", "3", "120", "19")
    page.get_by_role("button", name="Senden").click()
    expect(page.get_by_test_id("delivery-state")).to_contain_text("Fehlgeschlagen")
    page.get_by_role("link", name="Startseite").click()
    failed = page.get_by_role("table", name="Fehlgeschlagene Rechnungen")
    expect(failed).to_contain_text("Stille Post GmbH")
    expect(failed).to_contain_text("E-Mail-Adresse")  # the reason, in German
    expect(page.get_by_role("row", name="Fehlgeschlagene Rechnungen")).to_contain_text("1")

    # A credit note for the first invoice, prefilled from it, sent.
    page.goto(f"{demo.url}/invoicing/{first.uuid}/")
    page.get_by_role("button", name="Gutschrift erstellen").click()
    expect(page.get_by_role("heading", name="Gutschriftsentwurf")).to_be_visible()
    expect(page.locator("#id_preceding_invoice option:checked")).to_contain_text("INV-1")
    expect(page.locator("#id_lines-1-description")).to_have_value("Toner")
    page.get_by_role("button", name="Senden").click()
    expect(page.get_by_role("status").filter(has_text="CN-1")).to_be_visible()
    expect(page.get_by_role("link", name="INV-1")).to_be_visible()
    assert Invoice.objects.get(number="CN-1").preceding_invoice == first
