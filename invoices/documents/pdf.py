"""The printable invoice: PDF/A-3b rendered by WeasyPrint from ``templates/pdf/invoice.html``.

Reads only the EN 16931 model (``en16931.Document``), like the XML writers, so the page shows what
the XML says. A4, fonts from the machine (fontconfig; DejaVu Sans where installed), nothing
fetched over the network: the template links nothing, and any URL it might gain is refused.
Amounts and dates are written the way the requested language writes them (Django's formats for
cs, de, en, fr, hu, pl), amounts to the currency's minor unit (ISO 4217: "1 106" yen, "23,80" €).
"""

from dataclasses import dataclass
from decimal import Decimal

import pydyf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from weasyprint import HTML

from invoices.documents import en16931 as m
from invoices.documents.totals import minor_unit, written

TEMPLATE = "pdf/invoice.html"
PDF_A = "pdf/a-3b"


class NoFetching(Exception):
    """The invoice template asked for a URL: PDFs are rendered without any network access."""


def _refuse(url: str, *args, **kwargs):
    raise NoFetching(f"The invoice PDF may not fetch {url}.")


@dataclass(frozen=True)
class _Money:
    """Formats amounts of one currency in the active language."""

    decimals: int

    def __call__(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        return number_format(value, decimal_pos=self.decimals, use_l10n=True, force_grouping=True)


def html(doc: m.Document, language: str) -> str:
    """The invoice page's HTML in ``language`` (a code of settings.LANGUAGES, e.g. "de").
    Raises ValueError when ``doc``'s totals are not its lines' (``totals.written``)."""
    computed = written(doc)
    with translation.override(language):
        money = _Money(decimals=max(-minor_unit(doc.currency).as_tuple().exponent, 0))
        context = {
            "doc": doc,
            "language": translation.get_language(),
            "title": _("Credit note") if doc.type_code == m.CREDIT_NOTE else _("Invoice"),
            "issue_date": _date(doc.issue_date),
            "due_date": _date(doc.due_date),
            "delivery_date": _date(doc.delivery_date),
            "preceding_invoice_date": _date(doc.preceding_invoice_date),
            "lines": [
                {
                    "line": line,
                    "quantity": _number(line.quantity),
                    "price": _number(line.net_price, at_least=money.decimals),
                    "rate": _rate(line.vat_category, line.vat_rate),
                    "allowance": money(line.allowance) if line.allowance else "",
                    "net": money(net),
                }
                for line, net in zip(doc.lines, computed.line_nets, strict=True)
            ],
            "allowances_charges": [
                {"item": item, "amount": money(item.amount), "rate": _rate(item.vat_category, item.vat_rate)}
                for item in doc.allowances_charges
            ],
            "breakdown": [
                {
                    "group": group,
                    "rate": _rate(group.category, group.rate),
                    "taxable": money(group.taxable_amount),
                    "tax": money(group.tax_amount),
                }
                for group in computed.vat_breakdown
            ],
            "totals": {name: money(value) for name, value in vars(computed.totals).items()},
            "iban": _grouped(doc.payment.iban) if doc.payment else "",
        }
        return render_to_string(TEMPLATE, context)


def render(doc: m.Document, language: str, *, producer: str = "") -> bytes:
    """``doc`` as a PDF/A-3b file (bytes), A4, in ``language``. ``producer``: the document
    information's /Producer when another tool finishes the file and writes its own XMP (PDF/A
    wants both to say the same). Raises ValueError when ``doc``'s totals are not its lines'."""

    def finish(_document, pdf_file):
        if producer:
            pdf_file.info["Producer"] = pydyf.String(producer)

    return HTML(string=html(doc, language), url_fetcher=_refuse).write_pdf(pdf_variant=PDF_A, finisher=finish)


def render_plain(doc: m.Document, language: str) -> bytes:
    """The same page as a plain PDF (no PDF/A, no attachment): the floor the benchmark compares with."""
    return HTML(string=html(doc, language), url_fetcher=_refuse).write_pdf()


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _number(value: Decimal, at_least: int = 0) -> str:
    """A quantity or unit price with the decimals it was typed with (at least ``at_least``)."""
    decimals = max(-value.normalize().as_tuple().exponent, at_least, 0)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _rate(category: str, rate: Decimal | None) -> str:
    if rate is None:
        return category
    return f"{category} {_number(rate)} %"


def _grouped(iban: str) -> str:
    """An IBAN as people read it: groups of four."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
