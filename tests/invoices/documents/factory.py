"""A small factory of EN 16931 Documents for the writers' tests: no Django models needed.

Lines are written as tuples, ``(quantity, net price, VAT category, rate)`` with an optional fifth
item, the line allowance; the totals come from THE totals function, as the mapping's do.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from invoices.documents import en16931 as m
from invoices.documents.totals import LineAmounts, compute

D = Decimal

# The exemption texts and VATEX codes each category needs (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
EXEMPTIONS = {
    m.EXEMPT: ("Exempt based on article 132 of Council Directive 2006/112/EC", "VATEX-EU-132"),
    m.REVERSE_CHARGE: ("Reverse charge", "VATEX-EU-AE"),
    m.INTRA_COMMUNITY: ("Intra-community supply", "VATEX-EU-IC"),
    m.EXPORT: ("Export outside the EU", "VATEX-EU-G"),
    m.OUTSIDE_SCOPE: ("Not subject to VAT", "VATEX-EU-O"),
}

SELLER = m.Party(
    name="Adams Office Supplies GmbH",
    trading_name="Adams Office",
    address=m.PostalAddress(country_code="DE", line_one="Friedrichstraße 12", city="Berlin", post_code="10117"),
    vat_identifier="DE123456789",
    legal_registration_id="HRB 123456",
    electronic_address=m.ElectronicAddress(identifier="DE123456789", scheme="9930"),
    contact_email="billing@adams.example",
)
BUYER = m.Party(
    name="Brouwerij Van Damme NV",
    address=m.PostalAddress(country_code="BE", line_one="Kerkstraat 4", city="Gent", post_code="9000"),
    vat_identifier="BE0123456749",
    legal_registration_id="0123456749",
    electronic_address=m.ElectronicAddress(identifier="BE0123456749", scheme="9925"),
)
# An export buyer outside the EU (category G).
EXPORT_BUYER = m.Party(
    name="Lakeside Traders Inc.",
    address=m.PostalAddress(country_code="US", line_one="1 Lake Street", city="Chicago", post_code="60601"),
    legal_registration_id="36-1234567",
    electronic_address=m.ElectronicAddress(identifier="123456789", scheme="0060"),  # DUNS
)
PAYMENT = m.PaymentInstructions(
    means_code="58", iban="DE89370400440532013000", bic="COBADEFFXXX", account_name="Adams Office Supplies GmbH"
)


def line_amounts(spec) -> LineAmounts:
    quantity, price, category, rate, *rest = spec
    return LineAmounts(
        quantity=D(quantity),
        net_price=D(price),
        vat_category=category,
        vat_rate=None if rate is None else D(rate),
        allowance=D(rest[0]) if rest else D("0"),
    )


def make_document(
    lines=(("2", "10.00", "S", "19"),),
    *,
    currency: str = "EUR",
    type_code: str = m.COMMERCIAL_INVOICE,
    allowances_charges: tuple[m.AllowanceCharge, ...] = (),
    prepaid: str = "0",
    number: str = "INV-2026-0001",
    buyer: m.Party = BUYER,
    seller: m.Party = SELLER,
    **fields,
) -> m.Document:
    """A valid Document of the given lines; ``fields`` override any other business term."""
    amounts = [line_amounts(spec) for spec in lines]
    categories = {a.vat_category for a in amounts} | {ac.vat_category for ac in allowances_charges}
    computed = compute(currency, amounts, allowances_charges, prepaid=D(prepaid), exemption_reasons=EXEMPTIONS)
    if categories == {m.OUTSIDE_SCOPE}:
        # Outside the scope of VAT: neither party's VAT identifier may be given (BR-O-02).
        seller = _without_vat(seller)
        buyer = _without_vat(buyer)
    if m.INTRA_COMMUNITY in categories:
        # An intra-community supply says when and where the goods went (BR-IC-11, BR-IC-12).
        fields.setdefault("delivery_date", date(2026, 11, 20))
        fields.setdefault("deliver_to_country", buyer.address.country_code)
    fields.setdefault("due_date", date(2026, 12, 31))
    fields.setdefault("buyer_reference", "PO-REF-42")
    return m.Document(
        type_code=type_code,
        number=number,
        issue_date=date(2026, 11, 29),
        currency=currency,
        seller=seller,
        buyer=buyer,
        lines=tuple(
            m.Line(
                identifier=str(index),
                quantity=a.quantity,
                unit_code="C62",
                net_amount=net,
                item_name=f"Item {index}",
                net_price=a.net_price,
                vat_category=a.vat_category,
                vat_rate=a.vat_rate,
                allowance=a.allowance,
                allowance_reason="Discount" if a.allowance else "",
            )
            for index, (a, net) in enumerate(zip(amounts, computed.line_nets, strict=True), start=1)
        ),
        vat_breakdown=computed.vat_breakdown,
        totals=computed.totals,
        allowances_charges=allowances_charges,
        payment=PAYMENT,
        **fields,
    )


def allowance(amount: str, category: str = "S", rate: str | None = "19", reason: str = "Discount") -> m.AllowanceCharge:
    return m.AllowanceCharge(
        is_charge=False, amount=D(amount), vat_category=category, vat_rate=None if rate is None else D(rate), reason=reason
    )


def charge(amount: str, category: str = "S", rate: str | None = "19", reason: str = "Shipping") -> m.AllowanceCharge:
    return m.AllowanceCharge(
        is_charge=True, amount=D(amount), vat_category=category, vat_rate=None if rate is None else D(rate), reason=reason
    )


def _without_vat(party: m.Party) -> m.Party:
    return replace(party, vat_identifier="")
