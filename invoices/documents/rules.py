"""Our own checks of an invoice before it is sent, each a small function named by the rule it
enforces: EN 16931-1:2017 business rules (BR-…, BR-CO-…, BR-S/Z/E/AE/K/G/O-… as CEN/TC 434's
validation artefacts number them), Peppol BIS Billing 3.0 rules (PEPPOL-EN16931-R…) and the
portal's own (PORTAL-…), for everything our form can express. The official rules
(invoices.documents.official_rules) run after these; a fatal assertion of theirs that these
missed is a bug here: add the rule.

``check(invoice) -> list[RuleError]``: each error names the part of the document it concerns
(``part``: "invoice", "line", "allowance_charge", "account" — the seller's details, changed on
the account's page — or "buyer" — the customer's details, which support changes), the field in
that part (a model field name), the 0-based index of the line or allowance in display order,
and a message in plain words in the active language. An invoice with any error cannot be sent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from connections.models import Relationship
from invoices.documents.mapping import EXEMPTION_CATEGORIES, totals_of
from invoices.models import CURRENCIES, DocumentState, Invoice, TypeCode, UnitCode, VatCategory
from portal.lib.identifiers import electronic_address

ZERO = Decimal("0")


@dataclass(frozen=True)
class RuleError:
    rule_id: str  # "BR-S-05", "PEPPOL-EN16931-R003", "PORTAL-01"
    field: str  # a field of `part`, or "" for the part as a whole
    message: str  # plain words, in the active language
    part: str = "invoice"  # "invoice", "line", "allowance_charge", "account" or "buyer"
    index: int | None = None  # the line's or allowance's position in display order (0-based)


@dataclass
class Facts:
    """What the rules read, loaded once."""

    invoice: Invoice
    lines: list
    items: list  # allowances and charges
    categories: set[str]
    payable: Decimal | None  # BT-115, None when the totals could not be computed


RULES: list[Callable[[Facts], list[RuleError]]] = []


def rule(function):
    RULES.append(function)
    return function


def check(invoice: Invoice) -> list[RuleError]:
    """Every error of ``invoice`` by our rules, invoice fields first, then lines, then
    allowances, then the seller's and buyer's details (reads the lines, allowances, account,
    buyer and relationship: a few queries)."""
    lines = list(invoice.lines.all())
    items = list(invoice.allowances_charges.all())
    computed = totals_of(invoice.currency, lines, items) if invoice.currency in CURRENCIES else None
    payable = computed.payable if computed else None
    facts = Facts(invoice, lines, items, {line.vat_category for line in lines} | {i.vat_category for i in items}, payable)
    errors = [error for function in RULES for error in function(facts)]
    order = {"invoice": 0, "line": 1, "allowance_charge": 2, "account": 3, "buyer": 4}
    return sorted(errors, key=lambda error: (order[error.part], error.index or 0))


# The document


@rule
def br_03_issue_date(facts: Facts) -> list[RuleError]:
    if facts.invoice.issue_date is None:
        return [RuleError("BR-03", "issue_date", _("Enter the invoice date."))]
    return []


@rule
def br_04_type_code(facts: Facts) -> list[RuleError]:
    if facts.invoice.type_code not in TypeCode.values:
        return [RuleError("BR-04", "type_code", _("Choose invoice or credit note."))]
    return []


@rule
def br_05_currency(facts: Facts) -> list[RuleError]:
    if facts.invoice.currency not in CURRENCIES:
        return [RuleError("BR-05", "currency", _("Choose the currency of the invoice."))]
    return []


@rule
def br_16_lines(facts: Facts) -> list[RuleError]:
    if not facts.lines:
        return [RuleError("BR-16", "", _("Add at least one line."), part="line")]
    return []


@rule
def peppol_r003_buyer_or_order_reference(facts: Facts) -> list[RuleError]:
    invoice = facts.invoice
    if not invoice.buyer_reference.strip() and not invoice.order_reference.strip():
        return [
            RuleError(
                "PEPPOL-EN16931-R003",
                "buyer_reference",
                _("Enter the customer's reference or their purchase order number: Peppol requires one of them."),
            )
        ]
    return []


@rule
def br_co_25_due_date_or_terms(facts: Facts) -> list[RuleError]:
    invoice = facts.invoice
    if (
        invoice.type_code == TypeCode.INVOICE
        and facts.payable is not None
        and facts.payable > 0
        and invoice.due_date is None
        and not invoice.payment_terms.strip()
    ):
        return [RuleError("BR-CO-25", "due_date", _("Enter a due date or payment terms: an amount is due."))]
    return []


@rule
def portal_01_due_date_after_issue(facts: Facts) -> list[RuleError]:
    invoice = facts.invoice
    if invoice.due_date and invoice.issue_date and invoice.due_date < invoice.issue_date:
        return [RuleError("PORTAL-01", "due_date", _("The due date is before the invoice date."))]
    return []


@rule
def portal_02_invoice_not_negative(facts: Facts) -> list[RuleError]:
    if facts.invoice.type_code == TypeCode.INVOICE and facts.payable is not None and facts.payable < 0:
        return [
            RuleError("PORTAL-02", "", _("The total of an invoice cannot be negative: send a credit note instead."), part="line")
        ]
    return []


@rule
def br_55_preceding_invoice(facts: Facts) -> list[RuleError]:
    """A credit note corrects one of the account's sent invoices (BT-25), or says why it stands
    alone."""
    invoice = facts.invoice
    if invoice.type_code != TypeCode.CREDIT_NOTE:
        if invoice.preceding_invoice_id:
            return [RuleError("BR-55", "preceding_invoice", _("Only a credit note refers to an invoice it corrects."))]
        return []
    preceding = invoice.preceding_invoice
    if preceding is None:
        if not invoice.credit_reason.strip():
            return [
                RuleError(
                    "BR-55",
                    "preceding_invoice",
                    _("Choose the invoice this credit note corrects, or give the reason for the credit note."),
                )
            ]
        return []
    if (
        preceding.account_id != invoice.account_id
        or preceding.state != DocumentState.SENT
        or preceding.type_code != TypeCode.INVOICE
    ):
        return [RuleError("BR-55", "preceding_invoice", _("Choose one of this account's sent invoices."))]
    if preceding.buyer_id != invoice.buyer_id:
        return [RuleError("BR-55", "preceding_invoice", _("The invoice being credited was sent to another customer."))]
    return []


@rule
def portal_03_active_relationship(facts: Facts) -> list[RuleError]:
    invoice = facts.invoice
    if not Relationship.objects.filter(account_id=invoice.account_id, buyer_id=invoice.buyer_id).exists():
        return [RuleError("PORTAL-03", "buyer", _("This account is not connected to this customer."))]
    return []


@rule
def portal_04_buyer_accepts(facts: Facts) -> list[RuleError]:
    invoice, buyer = facts.invoice, facts.invoice.buyer
    if invoice.type_code == TypeCode.INVOICE and not buyer.accepts_invoices:
        return [RuleError("PORTAL-04", "buyer", _("This customer does not accept invoices through the network."))]
    if invoice.type_code == TypeCode.CREDIT_NOTE and not buyer.accepts_credit_notes:
        return [RuleError("PORTAL-04", "buyer", _("This customer does not accept credit notes through the network."))]
    return []


# Lines


@rule
def br_22_to_27_lines(facts: Facts) -> list[RuleError]:
    errors = []
    for index, line in enumerate(facts.lines):
        if not line.description.strip():
            errors.append(RuleError("BR-25", "description", _("Describe what this line invoices."), "line", index))
        if line.quantity is None:
            errors.append(RuleError("BR-22", "quantity", _("Enter the quantity."), "line", index))
        if line.unit_code not in UnitCode.values:
            errors.append(RuleError("BR-23", "unit_code", _("Choose a unit."), "line", index))
        if line.net_price is None:
            errors.append(RuleError("BR-26", "net_price", _("Enter the unit price."), "line", index))
        elif line.net_price < 0:
            errors.append(
                RuleError("BR-27", "net_price", _("The unit price cannot be negative: use a negative quantity."), "line", index)
            )
        if line.allowance is not None and line.allowance < 0:
            errors.append(RuleError("BR-41", "allowance", _("A discount cannot be negative."), "line", index))
    return errors


@rule
def vat_rates(facts: Facts) -> list[RuleError]:
    """BR-S-05 (standard rate above zero), BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05 (zero),
    BR-O-05 (no rate): on lines, and BR-S-06… on allowances and charges (BR-S-07… for charges)."""
    errors = []
    for part, parts, suffix in (("line", facts.lines, "05"), ("allowance_charge", facts.items, "06")):
        for index, item in enumerate(parts):
            category, rate = item.vat_category, item.vat_rate
            prefix = "BR-IC" if category == "K" else f"BR-{category}"
            rule_id = f"{prefix}-{'07' if part == 'allowance_charge' and item.is_charge else suffix}"
            if category not in VatCategory.values:
                errors.append(RuleError("BR-CO-04", "vat_category", _("Choose a VAT category."), part, index))
            elif category == VatCategory.STANDARD and (rate is None or rate <= 0):
                errors.append(RuleError(rule_id, "vat_rate", _("Enter the VAT rate: the standard rate is above zero."), part, index))
            elif category == VatCategory.OUTSIDE_SCOPE and rate is not None and rate != 0:
                errors.append(RuleError(rule_id, "vat_rate", _("Outside the scope of VAT there is no VAT rate."), part, index))
            elif category not in (VatCategory.STANDARD, VatCategory.OUTSIDE_SCOPE) and rate not in (None, ZERO):
                errors.append(RuleError(rule_id, "vat_rate", _("The VAT rate of this category is zero."), part, index))
    return errors


@rule
def exemption_reasons(facts: Facts) -> list[RuleError]:
    """BR-S-10 and BR-Z-10: no exemption reason where VAT is charged or zero-rated; BR-E-10: an
    exempt supply says why (the others have a default VATEX code)."""
    errors = []
    exempt_reason_given = False
    for index, line in enumerate(facts.lines):
        has_reason = bool(line.exemption_reason.strip() or line.exemption_code.strip())
        if line.vat_category not in EXEMPTION_CATEGORIES and has_reason:
            rule_id = "BR-S-10" if line.vat_category == VatCategory.STANDARD else "BR-Z-10"
            errors.append(
                RuleError(rule_id, "exemption_reason", _("Only an exempt or untaxed supply has an exemption reason."), "line", index)
            )
        if line.vat_category == VatCategory.EXEMPT and has_reason:
            exempt_reason_given = True
        if line.exemption_code.strip() and not line.exemption_code.strip().upper().startswith("VATEX-"):
            errors.append(RuleError("BR-CL-22", "exemption_code", _("A VATEX code starts with VATEX-, e.g. VATEX-EU-132-1A."), "line", index))
    if VatCategory.EXEMPT in facts.categories and not exempt_reason_given:
        index = next((i for i, line in enumerate(facts.lines) if line.vat_category == VatCategory.EXEMPT), None)
        errors.append(
            RuleError(
                "BR-E-10",
                "exemption_reason",
                _("Give the reason the supply is exempt from VAT (the text or its VATEX code)."),
                "line" if index is not None else "allowance_charge",
                index if index is not None else 0,
            )
        )
    return errors


@rule
def br_o_11_outside_scope_alone(facts: Facts) -> list[RuleError]:
    if VatCategory.OUTSIDE_SCOPE in facts.categories and len(facts.categories) > 1:
        return [
            RuleError(
                "BR-O-11",
                "vat_category",
                _("A supply outside the scope of VAT cannot share an invoice with other VAT categories."),
                "line",
            )
        ]
    return []


# Document-level allowances and charges


@rule
def br_31_to_38_allowances_charges(facts: Facts) -> list[RuleError]:
    errors = []
    for index, item in enumerate(facts.items):
        if item.amount is None or item.amount <= 0:
            errors.append(
                RuleError("BR-36" if item.is_charge else "BR-31", "amount", _("Enter an amount above zero."), "allowance_charge", index)
            )
        if not item.reason.strip():
            errors.append(
                RuleError(
                    "BR-38" if item.is_charge else "BR-33",
                    "reason",
                    _("Say what the charge is for.") if item.is_charge else _("Say what the discount is for."),
                    "allowance_charge",
                    index,
                )
            )
    return errors


# The seller: the account's details


@rule
def br_08_seller_address(facts: Facts) -> list[RuleError]:
    """BR-08 asks for the seller's postal address (BR-09: its country); the PDF and the buyer's
    books need the street, city and post code too."""
    account = facts.invoice.account
    errors = []
    for field, message in (
        ("street", _("Enter your account's street and number.")),
        ("city", _("Enter your account's city.")),
        ("post_code", _("Enter your account's post code.")),
    ):
        if not getattr(account, field).strip():
            errors.append(RuleError("BR-08", field, message, "account"))
    return errors


@rule
def br_co_26_seller_identifier(facts: Facts) -> list[RuleError]:
    account = facts.invoice.account
    outside_scope = VatCategory.OUTSIDE_SCOPE in facts.categories
    if outside_scope and not account.legal_registration_id.strip():
        return [
            RuleError(
                "BR-CO-26",
                "legal_registration_id",
                _("Outside the scope of VAT the invoice carries no VAT number: enter your company registration number."),
                "account",
            )
        ]
    if not account.vat_number and not account.legal_registration_id.strip():
        return [RuleError("BR-CO-26", "legal_registration_id", _("Enter your VAT number or company registration number."), "account")]
    return []


@rule
def seller_vat_number(facts: Facts) -> list[RuleError]:
    """BR-S-02, BR-Z-02, BR-E-02, BR-AE-02, BR-IC-02, BR-G-02: the seller's VAT number wherever
    VAT is accounted for; BR-CO-09: with its country prefix."""
    account = facts.invoice.account
    needing = sorted(facts.categories - {VatCategory.OUTSIDE_SCOPE})
    if needing and not account.vat_number:
        category = needing[0]
        prefix = "BR-IC" if category == "K" else f"BR-{category}"
        return [RuleError(f"{prefix}-02", "vat_number", _("Your account needs its VAT number for this VAT category."), "account")]
    if account.vat_number and not account.vat_number[:2].isalpha():
        return [RuleError("BR-CO-09", "vat_number", _("Your VAT number must start with its country code."), "account")]
    return []


@rule
def br_61_iban(facts: Facts) -> list[RuleError]:
    invoice = facts.invoice
    if invoice.type_code == TypeCode.INVOICE and not invoice.account.iban:
        return [RuleError("BR-61", "iban", _("Enter your account's IBAN: the customer pays to it."), "account")]
    return []


@rule
def peppol_r020_seller_endpoint(facts: Facts) -> list[RuleError]:
    account = facts.invoice.account
    if account.vat_number and not electronic_address(
        vat_number=account.vat_number, country=account.country.code, network_number=account.network_number
    ):
        return [
            RuleError(
                "PEPPOL-EN16931-R020",
                "vat_number",
                _("Peppol has no electronic address for your VAT number's country."),
                "account",
            )
        ]
    if not account.vat_number:
        return [
            RuleError(
                "PEPPOL-EN16931-R020",
                "vat_number",
                _("Your account needs its VAT number: Peppol addresses you by it."),
                "account",
            )
        ]
    return []


# The buyer: the customer's details, which support changes


@rule
def peppol_r010_buyer_endpoint(facts: Facts) -> list[RuleError]:
    buyer = facts.invoice.buyer
    if not electronic_address(vat_number=buyer.vat_number, country=buyer.country.code, network_number=buyer.network_number):
        return [
            RuleError(
                "PEPPOL-EN16931-R010",
                "vat_number",
                _("The customer has no VAT number on the network, by which Peppol addresses it. Ask support to add it."),
                "buyer",
            )
        ]
    return []


@rule
def buyer_vat_number(facts: Facts) -> list[RuleError]:
    """BR-AE-02 and BR-IC-02: a reverse-charge or intra-community supply names the buyer's VAT
    number."""
    buyer = facts.invoice.buyer
    for category, rule_id in ((VatCategory.REVERSE_CHARGE, "BR-AE-02"), (VatCategory.INTRA_COMMUNITY, "BR-IC-02")):
        if category in facts.categories and not buyer.vat_number:
            return [
                RuleError(
                    rule_id,
                    "vat_number",
                    _("This VAT category needs the customer's VAT number, which the network does not have. Ask support to add it."),
                    "buyer",
                )
            ]
    return []
