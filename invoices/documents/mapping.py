"""The one mapping of our invoice to the EN 16931 semantic model (invoices.documents.en16931),
which the UBL and CII writers, the PDF and the official rules read.

Line net amounts, the VAT breakdown and the totals come from ``invoices.documents.totals.compute``
and nowhere else. A credit note (BT-3 381) keeps its amounts positive, as EN 16931 expects, and
names the invoice it corrects (BT-25, BT-26); one standing alone carries its reason in the note
(BT-22).
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from invoices.documents import en16931, totals
from invoices.models import Invoice, TypeCode, VatCategory
from portal.lib.identifiers import electronic_address

# The categories that carry an exemption reason (BT-120/BT-121; BR-E-10, BR-AE-10, BR-IC-10,
# BR-G-10, BR-O-10), and the VATEX code given when none was typed (E needs one typed: its
# reason depends on the article of the VAT directive).
EXEMPTION_CATEGORIES = {"E", "AE", "K", "G", "O"}
DEFAULT_VATEX = {"AE": "VATEX-EU-AE", "K": "VATEX-EU-IC", "G": "VATEX-EU-G", "O": "VATEX-EU-O"}
ZERO = Decimal("0")


def invoice_language(invoice: Invoice) -> str:
    """The language of the invoice's PDF: its own choice, else its buyer's AP contact's, else
    the portal's default (English)."""
    return invoice.language or invoice.buyer.ap_contact_language or settings.LANGUAGE_CODE


def vat_rate(category: str, rate: Decimal | None) -> Decimal | None:
    """BT-152 as written: none outside the scope of VAT (O), zero where the category carries no
    VAT and none was typed."""
    if category == VatCategory.OUTSIDE_SCOPE:
        return None
    return ZERO if rate is None else rate


def exemption_reasons(invoice: Invoice, lines) -> dict[str, tuple[str, str]]:
    """Per VAT category that needs one, (BT-120 text, BT-121 VATEX code): the first line's that
    gives one, else the category's default code with its label as the text."""
    labels = dict(VatCategory.choices)
    reasons: dict[str, tuple[str, str]] = {}
    categories = {line.vat_category for line in lines} | {
        item.vat_category for item in invoice.allowances_charges.all()
    }
    for category in sorted(categories & EXEMPTION_CATEGORIES):
        typed = next(
            (
                (line.exemption_reason.strip(), line.exemption_code.strip())
                for line in lines
                if line.vat_category == category and (line.exemption_reason.strip() or line.exemption_code.strip())
            ),
            None,
        )
        if typed is None and category in DEFAULT_VATEX:
            typed = (str(labels[category]), DEFAULT_VATEX[category])
        if typed is not None:
            reasons[category] = typed
    return reasons


def _party(*, name, street, city, post_code, country, vat_number, network_number, legal_registration_id="",
           write_vat=True) -> en16931.Party:
    address = electronic_address(vat_number=vat_number, country=country, network_number=network_number)
    return en16931.Party(
        name=name,
        address=en16931.PostalAddress(country_code=country, line_one=street, city=city, post_code=post_code),
        vat_identifier=vat_number if write_vat else "",
        legal_registration_id=legal_registration_id,
        electronic_address=en16931.ElectronicAddress(*address) if address else None,
    )


def to_en16931(invoice: Invoice, *, number: str | None = None) -> en16931.Document:
    """``invoice`` (draft or sent) as an EN 16931 document. ``number`` stands in for BT-1 (a
    draft has none: its preview and the checks before numbering pass the number it would get).

    Reads the invoice's lines and allowances (prefetch them for many invoices), its account
    (the seller) and buyer. Outside the scope of VAT (O), no VAT identifier is written (BR-O-02).
    Intra-community supplies (K) give the issue date as the actual delivery date (BT-72) and the
    buyer's country as the deliver-to country (BT-80), as BR-IC-11 and BR-IC-12 require.
    Raises ValueError for a currency ISO 4217 does not know."""
    account, buyer = invoice.account, invoice.buyer
    lines = list(invoice.lines.all())
    items = list(invoice.allowances_charges.all())
    categories = {line.vat_category for line in lines} | {item.vat_category for item in items}
    outside_scope = VatCategory.OUTSIDE_SCOPE in categories
    with translation.override(invoice_language(invoice)):
        discount = gettext("Discount")
    allowances_charges = tuple(
        en16931.AllowanceCharge(
            is_charge=item.is_charge,
            amount=item.amount,
            vat_category=item.vat_category,
            vat_rate=vat_rate(item.vat_category, item.vat_rate),
            reason=item.reason,
        )
        for item in items
    )
    computed = totals.compute(
        invoice.currency,
        (
            totals.LineAmounts(
                quantity=line.quantity,
                net_price=line.net_price,
                vat_category=line.vat_category,
                vat_rate=vat_rate(line.vat_category, line.vat_rate),
                allowance=line.allowance,
            )
            for line in lines
        ),
        allowances_charges,
        exemption_reasons=exemption_reasons(invoice, lines),
    )
    doc_lines = tuple(
        en16931.Line(
            identifier=str(index),
            quantity=line.quantity,
            unit_code=line.unit_code,
            net_amount=net,
            item_name=line.description,
            net_price=line.net_price,
            vat_category=line.vat_category,
            vat_rate=vat_rate(line.vat_category, line.vat_rate),
            allowance=line.allowance,
            allowance_reason=discount if line.allowance else "",
        )
        for index, (line, net) in enumerate(zip(lines, computed.line_nets, strict=True), start=1)
    )
    is_invoice = invoice.type_code == TypeCode.INVOICE
    preceding = invoice.preceding_invoice
    note = "\n".join(text for text in (invoice.credit_reason.strip(), invoice.note.strip()) if text)
    intra_community = VatCategory.INTRA_COMMUNITY in categories
    return en16931.Document(
        type_code=en16931.COMMERCIAL_INVOICE if is_invoice else en16931.CREDIT_NOTE,
        number=invoice.number if number is None else number,
        issue_date=invoice.issue_date,
        currency=invoice.currency,
        seller=_party(
            name=account.legal_name,
            street=account.street,
            city=account.city,
            post_code=account.post_code,
            country=account.country.code,
            vat_number=account.vat_number,
            network_number=account.network_number,
            legal_registration_id=account.legal_registration_id,
            write_vat=not outside_scope,
        ),
        buyer=_party(
            name=buyer.legal_name,
            street=buyer.street,
            city=buyer.city,
            post_code=buyer.post_code,
            country=buyer.country.code,
            vat_number=buyer.vat_number,
            network_number=buyer.network_number,
            write_vat=not outside_scope,
        ),
        lines=doc_lines,
        vat_breakdown=computed.vat_breakdown,
        totals=computed.totals,
        allowances_charges=allowances_charges,
        payment=en16931.PaymentInstructions(
            means_code=invoice.payment_means,
            iban=account.iban,
            bic=account.bic,
            account_name=account.legal_name,
            remittance_information=invoice.number if number is None else number,
        )
        if is_invoice
        else None,
        due_date=invoice.due_date,
        payment_terms=invoice.payment_terms,
        buyer_reference=invoice.buyer_reference,
        order_reference=invoice.order_reference,
        preceding_invoice=preceding.number if preceding else "",
        preceding_invoice_date=preceding.issue_date if preceding else None,
        note=note,
        delivery_date=invoice.issue_date if intra_community else None,
        deliver_to_country=buyer.country.code if intra_community else "",
    )


def totals_of(currency: str, lines, items) -> en16931.Totals | None:
    """BG-22 of unsaved or saved lines and allowances (InvoiceLine, AllowanceCharge), by
    totals.compute; None while something typed is missing (a blank price) or the currency is
    unknown. Drafts store these, and the rules read the amount due from them."""
    try:
        return totals.compute(
            currency,
            [
                totals.LineAmounts(
                    line.quantity, line.net_price, line.vat_category, vat_rate(line.vat_category, line.vat_rate), line.allowance
                )
                for line in lines
            ],
            [
                en16931.AllowanceCharge(
                    item.is_charge, item.amount, item.vat_category, vat_rate(item.vat_category, item.vat_rate), item.reason
                )
                for item in items
            ],
        ).totals
    except (ArithmeticError, TypeError, ValueError, KeyError):
        return None
