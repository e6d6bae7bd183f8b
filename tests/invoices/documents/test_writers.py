"""UBL and CII: one model, two syntaxes carrying the same business terms; the schemas' element
order; credit notes; every VAT category valid by the official rules."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import facturx
import pytest
from lxml import etree

from invoices.documents import cii, ubl
from invoices.documents import en16931 as m
from tests.invoices.documents.checks import assert_valid
from tests.invoices.documents.factory import EXPORT_BUYER, allowance, charge, make_document
from tests.invoices.documents.readback import UBL_NS, read_cii, read_ubl

D = Decimal


def rich_document(type_code=m.COMMERCIAL_INVOICE):
    """Every business term the writers know, set."""
    return make_document(
        (("3", "19.99", "S", "19", "2.00"), ("2", "12.5", "S", "7"), ("1", "40.00", "Z", "0"), ("-1", "5.00", "S", "19")),
        type_code=type_code,
        allowances_charges=(allowance("5.00", "S", "19"), charge("7.50", "S", "7", reason="Packing")),
        number="CN-2026-0007" if type_code == m.CREDIT_NOTE else "INV-2026-0042",
        buyer_reference="REF-4711",
        order_reference="PO-2026-118",
        note="Thank you for your order.",
        payment_terms="30 days net",
        due_date=date(2026, 12, 29),
        delivery_date=date(2026, 11, 27),
        deliver_to_country="BE",
        preceding_invoice="INV-2026-0001" if type_code == m.CREDIT_NOTE else "",
        preceding_invoice_date=date(2026, 11, 1) if type_code == m.CREDIT_NOTE else None,
    )


def expected_terms(doc: m.Document) -> dict:
    t = doc.totals
    return {
        "BT-1": doc.number,
        "BT-2": doc.issue_date.isoformat(),
        "BT-3": doc.type_code,
        "BT-5": doc.currency,
        "BT-9": doc.due_date.isoformat() if doc.due_date else "",
        "BT-10": doc.buyer_reference,
        "BT-13": doc.order_reference,
        "BT-20": doc.payment_terms,
        "BT-22": doc.note,
        "BT-25": doc.preceding_invoice,
        "BT-26": doc.preceding_invoice_date.isoformat() if doc.preceding_invoice_date else "",
        "BT-27": doc.seller.name,
        "BT-28": doc.seller.trading_name,
        "BT-30": doc.seller.legal_registration_id,
        "BT-31": doc.seller.vat_identifier,
        "BT-34": doc.seller.electronic_address.identifier,
        "BT-34-1": doc.seller.electronic_address.scheme,
        "BT-40": doc.seller.address.country_code,
        "BT-43": doc.seller.contact_email,
        "BT-44": doc.buyer.name,
        "BT-48": doc.buyer.vat_identifier,
        "BT-49": doc.buyer.electronic_address.identifier,
        "BT-55": doc.buyer.address.country_code,
        "BT-72": doc.delivery_date.isoformat() if doc.delivery_date else "",
        "BT-80": doc.deliver_to_country,
        "BT-81": doc.payment.means_code,
        "BT-84": doc.payment.iban,
        "BT-86": doc.payment.bic,
        "BT-106": t.line_net_total,
        "BT-107": t.allowance_total or None,
        "BT-108": t.charge_total or None,
        "BT-109": t.tax_exclusive,
        "BT-110": t.tax_total,
        "BT-112": t.tax_inclusive,
        "BT-113": t.prepaid or None,
        "BT-115": t.payable,
        "BG-23": [
            (g.category, g.rate, g.taxable_amount, g.tax_amount, g.exemption_reason_code) for g in doc.vat_breakdown
        ],
        "BG-20/21": [(item.is_charge, item.amount, item.vat_category) for item in doc.allowances_charges],
        "BG-25": [
            (
                line.identifier,
                line.quantity,
                line.unit_code,
                line.net_amount,
                line.net_price,
                line.item_name,
                line.vat_category,
                line.vat_rate,
                line.allowance or None,
            )
            for line in doc.lines
        ],
    }


@pytest.mark.parametrize("type_code", [m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
def test_ubl_and_cii_carry_the_same_business_terms(type_code):
    doc = rich_document(type_code)

    from_ubl = read_ubl(ubl.write(doc))
    from_cii = read_cii(cii.write(doc))

    assert from_ubl == from_cii
    assert from_ubl == expected_terms(doc)


@pytest.mark.parametrize("type_code", [m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
def test_the_rich_document_passes_the_official_rules_in_both_syntaxes(rules_dir, type_code):
    doc = rich_document(type_code)

    assert_valid(ubl.write(doc), "UBL")
    assert_valid(cii.write(doc), "CII")


@pytest.mark.parametrize("type_code", [m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
def test_ubl_follows_the_ubl_21_schema(type_code):
    # The XSD decides element order and types, which the business rules do not check.
    assert facturx.xml_check_xsd(ubl.write(rich_document(type_code))) is True


@pytest.mark.parametrize("type_code", [m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
def test_cii_follows_the_factur_x_en16931_schema(type_code):
    assert facturx.xml_check_xsd(cii.write(rich_document(type_code)), flavor="factur-x", level="en16931") is True


def test_ubl_is_peppol_bis_billing_3():
    root = etree.fromstring(ubl.write(make_document()))

    assert root.tag == f"{{{ubl.INVOICE_NS}}}Invoice"
    assert root.findtext(f"{{{ubl.CBC}}}CustomizationID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    )
    assert root.findtext(f"{{{ubl.CBC}}}ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    endpoints = root.xpath("//cbc:EndpointID", namespaces=UBL_NS)
    assert [(e.text, e.get("schemeID")) for e in endpoints] == [("DE123456789", "9930"), ("BE0123456749", "9925")]
    amounts = root.xpath("//cbc:*[contains(local-name(), 'Amount')]", namespaces=UBL_NS)
    assert amounts and all(a.get("currencyID") == "EUR" for a in amounts)


def test_cii_is_the_factur_x_en16931_profile():
    root = etree.fromstring(cii.write(make_document()))

    assert root.tag == f"{{{cii.RSM}}}CrossIndustryInvoice"
    assert facturx.get_level(root) == "en16931"
    assert facturx.get_flavor(root) == "factur-x"


def test_a_credit_note_is_a_ubl_credit_note_with_credited_quantities(rules_dir):
    doc = rich_document(m.CREDIT_NOTE)

    root = etree.fromstring(ubl.write(doc))

    assert root.tag == f"{{{ubl.CREDIT_NOTE_NS}}}CreditNote"
    assert root.findtext(f"{{{ubl.CBC}}}CreditNoteTypeCode") == "381"
    assert root.xpath("count(cac:InvoiceLine) + count(//cbc:InvoicedQuantity) + count(cbc:DueDate)", namespaces=UBL_NS) == 0
    assert len(root.xpath("cac:CreditNoteLine/cbc:CreditedQuantity", namespaces=UBL_NS)) == len(doc.lines)
    # Positive amounts, as the standard expects with the credit note's type code.
    assert doc.totals.payable > 0
    assert root.xpath("string(cac:LegalMonetaryTotal/cbc:PayableAmount)", namespaces=UBL_NS) == f"{doc.totals.payable}"


def test_a_standalone_credit_note_without_a_preceding_invoice_is_valid(rules_dir):
    doc = make_document(type_code=m.CREDIT_NOTE, note="Goodwill credit for the late delivery")

    assert_valid(ubl.write(doc), "UBL")
    assert_valid(cii.write(doc), "CII")


CATEGORY_LINES = {
    m.STANDARD_RATE: ("3", "12.34", "S", "21"),
    m.ZERO_RATED: ("3", "12.34", "Z", "0"),
    m.EXEMPT: ("3", "12.34", "E", "0"),
    m.REVERSE_CHARGE: ("3", "12.34", "AE", "0"),
    m.INTRA_COMMUNITY: ("3", "12.34", "K", "0"),
    m.EXPORT: ("3", "12.34", "G", "0"),
    m.OUTSIDE_SCOPE: ("3", "12.34", "O", None),
}


@pytest.mark.parametrize("type_code", [m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
@pytest.mark.parametrize("category", m.VAT_CATEGORIES)
def test_every_vat_category_passes_the_official_rules(rules_dir, category, type_code):
    rate = None if category == m.OUTSIDE_SCOPE else CATEGORY_LINES[category][3]
    doc = make_document(
        (CATEGORY_LINES[category],),
        type_code=type_code,
        # A document charge in the same category, so BG-21's category is checked too.
        allowances_charges=(charge("4.50", category, rate),),
        buyer=EXPORT_BUYER if category == m.EXPORT else make_document().buyer,
    )

    assert [group.category for group in doc.vat_breakdown] == [category]
    assert_valid(ubl.write(doc), "UBL")
    assert_valid(cii.write(doc), "CII")


def test_empty_optional_terms_are_not_written():
    doc = replace(make_document(), note="", buyer_reference="", order_reference="PO-1", payment=None)

    xml = ubl.write(doc)

    assert b"<cbc:Note" not in xml and b"<cbc:BuyerReference" not in xml and b"PaymentMeans" not in xml
    assert b"<ram:IncludedNote" not in cii.write(doc)
    # Empty elements break PEPPOL-EN16931-R008.
    assert not etree.fromstring(xml).xpath("//*[not(*) and normalize-space() = '']")


def test_a_line_discount_without_a_reason_is_written_as_discount_code_95(rules_dir):
    doc = make_document((("10", "4.99", "S", "19", "5.00"),))
    doc = replace(doc, lines=(replace(doc.lines[0], allowance_reason=""),))

    ubl_xml, cii_xml = ubl.write(doc), cii.write(doc)

    assert etree.fromstring(ubl_xml).xpath("string(//cac:InvoiceLine/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode)", namespaces=UBL_NS) == "95"
    assert b"<ram:ReasonCode>95</ram:ReasonCode>" in cii_xml
    assert_valid(ubl_xml, "UBL")
    assert_valid(cii_xml, "CII")


def test_the_writers_are_deterministic():
    # What the official rules checked is, byte for byte, what is sent.
    assert ubl.write(rich_document()) == ubl.write(rich_document())
    assert cii.write(rich_document()) == cii.write(rich_document())
