"""CSV export of invoice statuses, written chunk by chunk (by a task, invoices.services), as a
spreadsheet in the user's language opens it: a BOM (else Excel reads UTF-8 as its own code page: "RÃ©clamation"), column names in
that language, and where the language writes decimals with a comma, ";" between cells and
amounts such as "4508,00" (Excel's list separator follows the decimal mark)."""

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from invoices.models import InvoiceStatus, status_labels
from invoices.selectors import keyset_after

BOM = "\ufeff"

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Each column: the row's key, and its name in the file.
COLUMNS = [
    ("invoice_number", _("Invoice number")),
    ("buyer_name", _("Customer")),
    ("buyer_number", _("Customer network number")),
    ("invoice_date", _("Invoice date")),
    ("amount", _("Amount")),
    ("currency", _("Currency")),
    ("status", _("Status")),
    ("po_number", _("PO number")),
    ("due_date", _("Due date")),
    ("reason", _("Reason")),
    ("payment_date", _("Payment date")),
    ("payment_reference", _("Payment reference")),
]


def cell(value) -> str:
    """Text as it is, unless a spreadsheet would run it as a formula: then quoted with "'"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


CHUNK_ROWS = 5000  # rows per query: each a short keyset read, so no transaction stays open


def _rows_in_chunks(rows: QuerySet[InvoiceStatus]) -> Iterator[list[dict]]:
    """The rows as dictionaries of COLUMNS, newest invoice first, CHUNK_ROWS at a time: each chunk
    one keyset query from the last row of the one before (the (account, invoice_date, id) index),
    so memory stays bounded and no cursor or transaction stays open while the file is written."""
    ordered = rows.order_by("-invoice_date", "-pk").values(
        "id",
        *(key for key, _label in COLUMNS if not key.startswith("buyer_")),
        buyer_name=F("buyer__legal_name"),
        buyer_number=F("buyer__network_number"),
    )
    chunk = list(ordered[:CHUNK_ROWS])
    while chunk:
        yield chunk
        if len(chunk) < CHUNK_ROWS:
            return
        last = chunk[-1]
        chunk = list(ordered.filter(keyset_after("invoice_date", True, last["invoice_date"], last["id"]))[:CHUNK_ROWS])


def statuses_csv(rows: QuerySet[InvoiceStatus]) -> Iterator[list[str]]:
    """The file's text, a list of lines per chunk of rows (the header first, alone), newest invoice
    first. Column names, statuses, the separator and the decimal mark are those of the language
    active when this is called. Dates are ISO 8601 (2026-11-02), which spreadsheets read in every
    language."""
    decimal_mark = get_format("DECIMAL_SEPARATOR")
    writer = csv.writer(_Echo(), delimiter=";" if decimal_mark == "," else ",")
    header = [str(label) for _key, label in COLUMNS]
    labels = status_labels()

    def value(row: dict, key: str) -> str:
        found = row[key]
        if isinstance(found, Decimal):  # a number, even a negative one, is never a formula
            return str(found).replace(".", decimal_mark)
        if key == "status":
            return labels[found]
        return found.isoformat() if hasattr(found, "isoformat") else cell(found)

    def lines() -> Iterator[list[str]]:
        yield [BOM + writer.writerow(header)]
        for chunk in _rows_in_chunks(rows):
            yield [writer.writerow(value(row, key) for key, _label in COLUMNS) for row in chunk]

    return lines()
