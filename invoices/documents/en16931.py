"""The EN 16931 semantic model: what an invoice or credit note says, named by its business terms.

Source: EN 16931-1:2017, the semantic data model of the core elements of an electronic invoice
(business terms BT-n, business groups BG-n). One function maps our invoice to this model; the UBL
(Peppol BIS Billing 3.0) and CII (Factur-X, EN 16931 profile) writers read only it, so the two
syntaxes cannot disagree.

Amounts are ``Decimal`` in the currency's major unit (euros, not cents), already rounded to the
currency's minor unit by ``invoices.documents.totals``; quantities and prices keep the precision
they were typed with. Rates are percentages (``Decimal("21")`` for 21 %), ``None`` where the VAT
category has no rate (O, outside scope). Dates are calendar dates (no time zone). Empty optional
texts are ``""``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# BT-3, UNTDID 1001.
COMMERCIAL_INVOICE = "380"
CREDIT_NOTE = "381"

# BT-151 / BT-95 / BT-102 / BT-118, UNTDID 5305 as EN 16931 restricts it.
STANDARD_RATE = "S"
ZERO_RATED = "Z"
EXEMPT = "E"
REVERSE_CHARGE = "AE"
INTRA_COMMUNITY = "K"
EXPORT = "G"
OUTSIDE_SCOPE = "O"
VAT_CATEGORIES = (STANDARD_RATE, ZERO_RATED, EXEMPT, REVERSE_CHARGE, INTRA_COMMUNITY, EXPORT, OUTSIDE_SCOPE)


@dataclass(frozen=True)
class PostalAddress:
    """BG-5 (seller) / BG-8 (buyer)."""

    country_code: str  # BT-40 / BT-55, ISO 3166-1 alpha-2
    line_one: str = ""  # BT-35 / BT-50
    line_two: str = ""  # BT-36 / BT-51
    city: str = ""  # BT-37 / BT-52
    post_code: str = ""  # BT-38 / BT-53
    country_subdivision: str = ""  # BT-39 / BT-54


@dataclass(frozen=True)
class ElectronicAddress:
    """BT-34 (seller) / BT-49 (buyer): the Peppol EndpointID."""

    identifier: str
    scheme: str  # its scheme identifier, from the EAS code list (e.g. "9930" German VAT, "0088" GLN)


@dataclass(frozen=True)
class Party:
    """BG-4 seller / BG-7 buyer."""

    name: str  # BT-27 / BT-44
    address: PostalAddress  # BG-5 / BG-8
    vat_identifier: str = ""  # BT-31 / BT-48, with its ISO 3166-1 country prefix
    legal_registration_id: str = ""  # BT-30 / BT-47
    trading_name: str = ""  # BT-28 / BT-45
    electronic_address: ElectronicAddress | None = None  # BT-34 / BT-49
    contact_email: str = ""  # BT-43 / BT-58


@dataclass(frozen=True)
class PaymentInstructions:
    """BG-16, with BG-17 credit transfer."""

    means_code: str  # BT-81, UNTDID 4461 ("58" SEPA credit transfer, "30" credit transfer)
    iban: str = ""  # BT-84, electronic format (no spaces)
    bic: str = ""  # BT-86
    account_name: str = ""  # BT-85
    remittance_information: str = ""  # BT-83


@dataclass(frozen=True)
class AllowanceCharge:
    """BG-20 document level allowance / BG-21 document level charge."""

    is_charge: bool
    amount: Decimal  # BT-92 / BT-99, positive
    vat_category: str  # BT-95 / BT-102
    vat_rate: Decimal | None  # BT-96 / BT-103
    reason: str = ""  # BT-97 / BT-104
    reason_code: str = ""  # BT-98 (UNTDID 5189) / BT-105 (UNTDID 7161)


@dataclass(frozen=True)
class Line:
    """BG-25 invoice line."""

    identifier: str  # BT-126
    quantity: Decimal  # BT-129
    unit_code: str  # BT-130, UN/ECE Recommendation 20 (and 21), as the Peppol code list allows
    net_amount: Decimal  # BT-131 = quantity × price − line allowance, rounded
    item_name: str  # BT-153
    net_price: Decimal  # BT-146
    vat_category: str  # BT-151
    vat_rate: Decimal | None  # BT-152
    allowance: Decimal = Decimal("0")  # BG-27 BT-136, positive; zero when there is none
    allowance_reason: str = ""  # BT-139


@dataclass(frozen=True)
class VatBreakdown:
    """BG-23: one per VAT category and rate."""

    category: str  # BT-118
    rate: Decimal | None  # BT-119
    taxable_amount: Decimal  # BT-116
    tax_amount: Decimal  # BT-117
    exemption_reason: str = ""  # BT-120
    exemption_reason_code: str = ""  # BT-121, VATEX code list


@dataclass(frozen=True)
class Totals:
    """BG-22 document totals."""

    line_net_total: Decimal  # BT-106
    allowance_total: Decimal  # BT-107
    charge_total: Decimal  # BT-108
    tax_exclusive: Decimal  # BT-109
    tax_total: Decimal  # BT-110
    tax_inclusive: Decimal  # BT-112
    prepaid: Decimal  # BT-113
    payable: Decimal  # BT-115


@dataclass(frozen=True)
class Document:
    """An invoice (BT-3 380) or credit note (BT-3 381), with every amount as written."""

    type_code: str  # BT-3
    number: str  # BT-1
    issue_date: date  # BT-2
    currency: str  # BT-5, ISO 4217
    seller: Party  # BG-4
    buyer: Party  # BG-7
    lines: tuple[Line, ...]  # BG-25
    vat_breakdown: tuple[VatBreakdown, ...]  # BG-23
    totals: Totals  # BG-22
    allowances_charges: tuple[AllowanceCharge, ...] = ()  # BG-20 / BG-21
    payment: PaymentInstructions | None = None  # BG-16
    due_date: date | None = None  # BT-9
    payment_terms: str = ""  # BT-20
    buyer_reference: str = ""  # BT-10
    order_reference: str = ""  # BT-13
    preceding_invoice: str = ""  # BT-25
    preceding_invoice_date: date | None = None  # BT-26
    note: str = ""  # BT-22
    delivery_date: date | None = None  # BT-72
    deliver_to_country: str = ""  # BT-80
