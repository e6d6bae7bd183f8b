"""THE TOTALS TABLE: one function computes every total (EN 16931 BG-22, BG-23, BR-CO-17), and each
case's UBL and CII carry those totals and pass the official rules with zero fatal assertions."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from invoices.documents import cii, ubl
from invoices.documents.en16931 import CREDIT_NOTE
from invoices.documents.totals import compute, written
from tests.invoices.documents.checks import assert_valid
from tests.invoices.documents.factory import EXPORT_BUYER, allowance, charge, line_amounts, make_document
from tests.invoices.documents.readback import read_cii, read_ubl

D = Decimal


@dataclass(frozen=True)
class Case:
    id: str
    lines: tuple
    line_nets: tuple[str, ...]  # BT-131 each
    totals: tuple[str, ...]  # BT-106, BT-107, BT-108, BT-109, BT-110, BT-112, BT-113, BT-115
    breakdown: tuple[tuple, ...]  # BG-23: (BT-118, BT-119, BT-116, BT-117)
    currency: str = "EUR"
    allowances_charges: tuple = ()
    prepaid: str = "0"
    extra: dict = field(default_factory=dict)


CASES = [
    Case(
        "one line, one rate",
        lines=(("2", "10.00", "S", "19"),),
        line_nets=("20.00",),
        totals=("20.00", "0.00", "0.00", "20.00", "3.80", "23.80", "0.00", "23.80"),
        breakdown=(("S", "19", "20.00", "3.80"),),
    ),
    Case(
        "several rates, VAT per rate",
        lines=(("1", "100.00", "S", "19"), ("3", "12.50", "S", "7"), ("2", "9.99", "S", "21")),
        line_nets=("100.00", "37.50", "19.98"),
        # 37.50 × 7 % = 2.625 → 2.63; 19.98 × 21 % = 4.1958 → 4.20
        totals=("157.48", "0.00", "0.00", "157.48", "25.83", "183.31", "0.00", "183.31"),
        breakdown=(("S", "7", "37.50", "2.63"), ("S", "19", "100.00", "19.00"), ("S", "21", "19.98", "4.20")),
    ),
    Case(
        "half-cent line nets round half up",
        lines=(("3", "0.335", "S", "19"), ("1", "0.125", "S", "19"), ("7", "1.0050", "S", "19")),
        # 1.005 → 1.01, 0.125 → 0.13, 7.035 → 7.04
        line_nets=("1.01", "0.13", "7.04"),
        # 8.18 × 19 % = 1.5542 → 1.55
        totals=("8.18", "0.00", "0.00", "8.18", "1.55", "9.73", "0.00", "9.73"),
        breakdown=(("S", "19", "8.18", "1.55"),),
    ),
    Case(
        "VAT rounded once per rate, not per line (BR-CO-17)",
        lines=(("1", "2.50", "S", "21"),) * 3,
        line_nets=("2.50", "2.50", "2.50"),
        # per line 0.525 → 0.53 three times would be 1.59; once: 7.50 × 21 % = 1.575 → 1.58
        totals=("7.50", "0.00", "0.00", "7.50", "1.58", "9.08", "0.00", "9.08"),
        breakdown=(("S", "21", "7.50", "1.58"),),
    ),
    Case(
        "half-cent VAT rounds half up",
        lines=(("1", "10.50", "S", "5"),),
        line_nets=("10.50",),
        # 0.525 → 0.53
        totals=("10.50", "0.00", "0.00", "10.50", "0.53", "11.03", "0.00", "11.03"),
        breakdown=(("S", "5", "10.50", "0.53"),),
    ),
    Case(
        "line allowance",
        lines=(("10", "4.99", "S", "19", "5.00"),),
        line_nets=("44.90",),
        # 44.90 × 19 % = 8.531 → 8.53
        totals=("44.90", "0.00", "0.00", "44.90", "8.53", "53.43", "0.00", "53.43"),
        breakdown=(("S", "19", "44.90", "8.53"),),
    ),
    Case(
        "document allowance and charge, each with its own category",
        lines=(("1", "200.00", "S", "19"), ("1", "50.00", "Z", "0")),
        allowances_charges=(allowance("10.00", "Z", "0", reason="Loyalty discount"), charge("15.00", "S", "19")),
        line_nets=("200.00", "50.00"),
        # S: 200 + 15 = 215.00 → 40.85; Z: 50 − 10 = 40.00
        totals=("250.00", "10.00", "15.00", "255.00", "40.85", "295.85", "0.00", "295.85"),
        breakdown=(("S", "19", "215.00", "40.85"), ("Z", "0", "40.00", "0.00")),
    ),
    Case(
        "a negative credit line on an invoice",
        lines=(("5", "20.00", "S", "19"), ("-1", "20.00", "S", "19")),
        line_nets=("100.00", "-20.00"),
        totals=("80.00", "0.00", "0.00", "80.00", "15.20", "95.20", "0.00", "95.20"),
        breakdown=(("S", "19", "80.00", "15.20"),),
    ),
    Case(
        "zero-rated with standard",
        lines=(("1", "100.00", "S", "19"), ("4", "2.50", "Z", "0")),
        line_nets=("100.00", "10.00"),
        totals=("110.00", "0.00", "0.00", "110.00", "19.00", "129.00", "0.00", "129.00"),
        breakdown=(("S", "19", "100.00", "19.00"), ("Z", "0", "10.00", "0.00")),
    ),
    Case(
        "reverse charge",
        lines=(("1", "1000.00", "AE", "0"),),
        line_nets=("1000.00",),
        totals=("1000.00", "0.00", "0.00", "1000.00", "0.00", "1000.00", "0.00", "1000.00"),
        breakdown=(("AE", "0", "1000.00", "0.00"),),
    ),
    Case(
        "reverse charge mixed with standard",
        lines=(("2", "250.00", "AE", "0"), ("1", "99.95", "S", "19")),
        line_nets=("500.00", "99.95"),
        # 99.95 × 19 % = 18.9905 → 18.99
        totals=("599.95", "0.00", "0.00", "599.95", "18.99", "618.94", "0.00", "618.94"),
        breakdown=(("AE", "0", "500.00", "0.00"), ("S", "19", "99.95", "18.99")),
    ),
    Case(
        "exempt, with its VATEX code",
        lines=(("2", "75.00", "E", "0"),),
        line_nets=("150.00",),
        totals=("150.00", "0.00", "0.00", "150.00", "0.00", "150.00", "0.00", "150.00"),
        breakdown=(("E", "0", "150.00", "0.00"),),
    ),
    Case(
        "intra-community supply, with delivery date and country",
        lines=(("3", "33.33", "K", "0"),),
        line_nets=("99.99",),
        totals=("99.99", "0.00", "0.00", "99.99", "0.00", "99.99", "0.00", "99.99"),
        breakdown=(("K", "0", "99.99", "0.00"),),
    ),
    Case(
        "export outside the EU",
        lines=(("1", "500.00", "G", "0"),),
        line_nets=("500.00",),
        totals=("500.00", "0.00", "0.00", "500.00", "0.00", "500.00", "0.00", "500.00"),
        breakdown=(("G", "0", "500.00", "0.00"),),
        extra={"buyer": EXPORT_BUYER},
    ),
    Case(
        "outside the scope of VAT",
        lines=(("1", "80.00", "O", None),),
        line_nets=("80.00",),
        totals=("80.00", "0.00", "0.00", "80.00", "0.00", "80.00", "0.00", "80.00"),
        breakdown=(("O", None, "80.00", "0.00"),),
    ),
    Case(
        "yen, no minor unit, VAT half a yen",
        lines=(("3", "333", "S", "10"), ("1", "6", "S", "10")),
        line_nets=("999", "6"),
        # 1005 × 10 % = 100.5 → 101
        totals=("1005", "0", "0", "1005", "101", "1106", "0", "1106"),
        breakdown=(("S", "10", "1005", "101"),),
        currency="JPY",
    ),
    Case(
        "forint",
        lines=(("2", "1234.565", "S", "27"),),
        # 2469.13 × 27 % = 666.6651 → 666.67
        line_nets=("2469.13",),
        totals=("2469.13", "0.00", "0.00", "2469.13", "666.67", "3135.80", "0.00", "3135.80"),
        breakdown=(("S", "27", "2469.13", "666.67"),),
        currency="HUF",
    ),
    Case(
        "prepaid amount",
        lines=(("1", "100.00", "S", "19"),),
        prepaid="50.00",
        line_nets=("100.00",),
        totals=("100.00", "0.00", "0.00", "100.00", "19.00", "119.00", "50.00", "69.00"),
        breakdown=(("S", "19", "100.00", "19.00"),),
    ),
    Case(
        "credit note, positive amounts",
        lines=(("2", "10.00", "S", "19"), ("1", "5.00", "Z", "0")),
        line_nets=("20.00", "5.00"),
        totals=("25.00", "0.00", "0.00", "25.00", "3.80", "28.80", "0.00", "28.80"),
        breakdown=(("S", "19", "20.00", "3.80"), ("Z", "0", "5.00", "0.00")),
        extra={"type_code": CREDIT_NOTE, "preceding_invoice": "INV-2026-0001", "preceding_invoice_date": date(2026, 11, 1)},
    ),
]
IDS = [case.id for case in CASES]


def document(case: Case):
    return make_document(
        case.lines, currency=case.currency, allowances_charges=case.allowances_charges, prepaid=case.prepaid, **case.extra
    )


def expected_totals(case: Case) -> list[Decimal]:
    return [D(value) for value in case.totals]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_totals_function(case):
    computed = compute(
        case.currency, [line_amounts(line) for line in case.lines], case.allowances_charges, prepaid=D(case.prepaid)
    )

    t = computed.totals
    assert list(computed.line_nets) == [D(net) for net in case.line_nets]
    assert [
        t.line_net_total, t.allowance_total, t.charge_total, t.tax_exclusive, t.tax_total, t.tax_inclusive, t.prepaid, t.payable
    ] == expected_totals(case)
    assert [(g.category, g.rate, g.taxable_amount, g.tax_amount) for g in computed.vat_breakdown] == [
        (category, None if rate is None else D(rate), D(taxable), D(tax)) for category, rate, taxable, tax in case.breakdown
    ]
    # Amounts carry exactly the currency's minor unit: "20.00" in euros, "1000" in yen.
    exponent = D(case.totals[0]).as_tuple().exponent
    assert all(amount.as_tuple().exponent == exponent for amount in (*computed.line_nets, t.tax_total, t.payable))


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("syntax, writer, reader", [("UBL", ubl.write, read_ubl), ("CII", cii.write, read_cii)])
def test_each_case_is_written_with_its_totals_and_passes_the_official_rules(rules_dir, case, syntax, writer, reader):
    xml = writer(document(case))

    terms = reader(xml)
    # Totals not written (no allowance, no charge, nothing prepaid) are zero.
    written_totals = [terms[bt] for bt in ("BT-106", "BT-107", "BT-108", "BT-109", "BT-110", "BT-112", "BT-113", "BT-115")]
    assert [value if value is not None else D(0) for value in written_totals] == expected_totals(case)
    assert [line[3] for line in terms["BG-25"]] == [D(net) for net in case.line_nets]
    assert [group[:4] for group in terms["BG-23"]] == [
        (category, None if rate is None else D(rate), D(taxable), D(tax)) for category, rate, taxable, tax in case.breakdown
    ]
    assert_valid(xml, syntax)


def test_a_document_whose_totals_are_not_its_lines_is_never_written():
    from dataclasses import replace

    doc = make_document()
    wrong = replace(doc, totals=replace(doc.totals, payable=doc.totals.payable + D("0.01")))

    with pytest.raises(ValueError, match="not those of its lines"):
        written(wrong)
    with pytest.raises(ValueError):
        ubl.write(wrong)
    with pytest.raises(ValueError):
        cii.write(wrong)
