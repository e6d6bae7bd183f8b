"""Totals, computed once, as EN 16931 defines them (EN 16931-1:2017, BG-22 and BG-23).

- line net amount (BT-131) = quantity (BT-129) × net price (BT-146) − line allowance (BT-136),
  rounded half-up to the currency's minor unit (ISO 4217);
- sum of line net amounts (BT-106); document allowances (BT-107) and charges (BT-108);
  BT-109 = BT-106 − BT-107 + BT-108;
- per VAT category and rate (BG-23): taxable amount (BT-116) = its lines' nets − its allowances
  + its charges, and VAT (BT-117) = BT-116 × rate, rounded once (BR-CO-17); zero outside the
  standard rate (S) — Z, E, AE, K, G and O carry no VAT;
- BT-110 = Σ BT-117; BT-112 = BT-109 + BT-110; BT-115 = BT-112 − paid amount (BT-113).

``Decimal`` only. Amounts in and out are in the currency's major unit (euros, not cents).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import iso4217

from invoices.documents.en16931 import STANDARD_RATE, AllowanceCharge, Document, Totals, VatBreakdown

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class LineAmounts:
    """What a line's net amount and VAT group depend on."""

    quantity: Decimal  # BT-129
    net_price: Decimal  # BT-146
    vat_category: str  # BT-151
    vat_rate: Decimal | None  # BT-152, percent
    allowance: Decimal = ZERO  # BT-136, positive


@dataclass(frozen=True)
class Computed:
    line_nets: tuple[Decimal, ...]  # BT-131, in the order of the lines given
    vat_breakdown: tuple[VatBreakdown, ...]  # BG-23, ordered by category then rate
    totals: Totals  # BG-22


@cache
def minor_unit(currency: str) -> Decimal:
    """The smallest amount of an ISO 4217 currency code: Decimal("0.01") for EUR, Decimal("1")
    for JPY. Raises ValueError for a code ISO 4217 does not know."""
    exponent = iso4217.Currency(currency.upper()).exponent or 0
    return Decimal(1).scaleb(-exponent)


def round_amount(amount: Decimal, currency: str) -> Decimal:
    """Round half-up (away from zero) to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def compute(
    currency: str,
    lines: Iterable[LineAmounts],
    allowances_charges: Iterable[AllowanceCharge] = (),
    prepaid: Decimal = ZERO,
    exemption_reasons: Mapping[str, tuple[str, str]] | None = None,
) -> Computed:
    """Every total of one document.

    ``exemption_reasons`` maps a VAT category to its (BT-120 text, BT-121 VATEX code), copied
    into that category's breakdown. Raises ValueError for an unknown currency code.
    """
    lines = tuple(lines)
    line_nets = tuple(round_amount(line.quantity * line.net_price - line.allowance, currency) for line in lines)
    taxable: dict[tuple[str, Decimal | None], Decimal] = {}
    for line, net in zip(lines, line_nets, strict=True):
        _add(taxable, line.vat_category, line.vat_rate, net)
    allowance_total = charge_total = nothing = round_amount(ZERO, currency)
    for item in allowances_charges:
        amount = round_amount(item.amount, currency)
        if item.is_charge:
            charge_total += amount
        else:
            allowance_total += amount
        _add(taxable, item.vat_category, item.vat_rate, amount if item.is_charge else -amount)
    reasons = exemption_reasons or {}
    breakdown = tuple(
        VatBreakdown(
            category=category,
            rate=rate,
            taxable_amount=amount,
            tax_amount=vat_amount(amount, category, rate, currency),
            exemption_reason=reasons.get(category, ("", ""))[0],
            exemption_reason_code=reasons.get(category, ("", ""))[1],
        )
        for (category, rate), amount in sorted(taxable.items(), key=_group_order)
    )
    line_net_total = sum(line_nets, nothing)
    tax_exclusive = line_net_total - allowance_total + charge_total
    tax_total = sum((group.tax_amount for group in breakdown), nothing)
    tax_inclusive = tax_exclusive + tax_total
    paid = round_amount(prepaid, currency)
    totals = Totals(
        line_net_total=line_net_total,
        allowance_total=allowance_total,
        charge_total=charge_total,
        tax_exclusive=tax_exclusive,
        tax_total=tax_total,
        tax_inclusive=tax_inclusive,
        prepaid=paid,
        payable=tax_inclusive - paid,
    )
    return Computed(line_nets=line_nets, vat_breakdown=breakdown, totals=totals)


def vat_amount(taxable: Decimal, category: str, rate: Decimal | None, currency: str) -> Decimal:
    """BT-117 for one VAT group: the taxable amount × rate, rounded once (BR-CO-17); only the
    standard rate (S) carries VAT."""
    if category != STANDARD_RATE or not rate:
        return round_amount(ZERO, currency)
    return round_amount(taxable * rate / HUNDRED, currency)


def _add(groups: dict, category: str, rate: Decimal | None, amount: Decimal) -> None:
    key = (category, None if rate is None else rate.normalize())
    groups[key] = groups.get(key, ZERO) + amount


def _group_order(item) -> tuple:
    (category, rate), _amount = item
    return (category, rate if rate is not None else Decimal(-1))


def written(doc: Document) -> Computed:
    """The totals of ``doc``'s lines and document allowances and charges as the writers write
    them, recomputed from those lines by ``compute``; the breakdown keeps ``doc``'s exemption
    reasons (BT-120, BT-121). Raises ValueError when they differ from what ``doc`` holds
    (``doc.totals``, ``doc.vat_breakdown``, a line's BT-131): a document whose totals are not its
    lines' must never be written."""
    computed = compute(
        doc.currency,
        (
            LineAmounts(
                quantity=line.quantity,
                net_price=line.net_price,
                vat_category=line.vat_category,
                vat_rate=line.vat_rate,
                allowance=line.allowance,
            )
            for line in doc.lines
        ),
        doc.allowances_charges,
        prepaid=doc.totals.prepaid,
        exemption_reasons={
            group.category: (group.exemption_reason, group.exemption_reason_code) for group in doc.vat_breakdown
        },
    )
    held = tuple(line.net_amount for line in doc.lines)
    if computed.line_nets != held or computed.totals != doc.totals or computed.vat_breakdown != _normalised(doc):
        raise ValueError(f"Document {doc.number or '(draft)'}: its totals are not those of its lines (BR-CO-10 … BR-CO-17).")
    return computed


def _normalised(doc: Document) -> tuple[VatBreakdown, ...]:
    return tuple(
        replace(group, rate=None if group.rate is None else group.rate.normalize())
        for group in sorted(doc.vat_breakdown, key=lambda g: (g.category, g.rate if g.rate is not None else Decimal(-1)))
    )
