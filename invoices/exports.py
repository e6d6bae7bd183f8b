"""CSV export of invoice statuses, streamed row by row."""

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if isinstance(value, (int, Decimal)):  # a number, even a negative one, is never a formula
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def statuses_csv(rows: QuerySet, header: list[str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows.select_related("buyer").order_by("-invoice_date", "-pk").iterator(chunk_size=2000):
        yield writer.writerow(
            cell(value)
            for value in (
                row.invoice_number,
                row.buyer.legal_name,
                row.buyer.network_number,
                row.invoice_date.isoformat(),
                row.amount,
                row.currency,
                row.status_label,
                row.po_number,
                row.due_date.isoformat() if row.due_date else "",
                row.reason,
                row.payment_date.isoformat() if row.payment_date else "",
                row.payment_reference,
            )
        )
