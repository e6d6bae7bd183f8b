"""Reads of invoice statuses, each scoped to the organisation; counts and weekly totals come
from the summaries the loader keeps, never from counting the rows."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, F, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from customers.models import InvoiceState
from invoices.models import InvoiceStatus, LoadRun, PaymentWeek, StatusCount, status_labels
from portal.tenancy import for_org
from suppliers.models import Organisation, SupplierAccount

PAGE_SIZE = 50
SORTS = {"-invoice_date", "invoice_date", "-amount", "amount"}
NEEDS_ATTENTION = [InvoiceState.ON_HOLD, InvoiceState.EXCEPTION, InvoiceState.REJECTED]
ATTENTION = "attention"  # a status filter meaning any of NEEDS_ATTENTION


# What a page of "Where is my invoice?" shows of each row. Rows are read as dictionaries: Django
# builds them faster than model instances and templates look their keys up faster than attributes,
# which a page of 50 rows feels.
PAGE_FIELDS = [
    "id", "invoice_number", "invoice_date", "amount", "currency", "po_number", "status", "due_date",
    "reason", "payment_date", "payment_reference",
]


@dataclass(frozen=True)
class Page:
    rows: list[dict]  # PAGE_FIELDS, buyer_name and status_label
    next_cursor: str  # "" on the last page


def statuses_filtered(*, org: Organisation, account: SupplierAccount, filters: dict) -> QuerySet[InvoiceStatus]:
    rows = for_org(InvoiceStatus, org).filter(account=account)
    if filters.get("buyer"):
        rows = rows.filter(buyer=filters["buyer"])
    if filters.get("status") == ATTENTION:
        rows = rows.filter(status__in=NEEDS_ATTENTION)
    elif filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("date_from"):
        rows = rows.filter(invoice_date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(invoice_date__lte=filters["date_to"])
    if filters.get("amount_min") is not None:
        rows = rows.filter(amount__gte=filters["amount_min"])
    if filters.get("amount_max") is not None:
        rows = rows.filter(amount__lte=filters["amount_max"])
    return rows


def _cursor_parse(field: str, cursor: str) -> tuple | None:
    """The (sort value, id) of a page's last row, or None for a cursor that was tampered with."""
    text, _, pk = cursor.rpartition("_")
    try:
        value = dt.date.fromisoformat(text) if field == "invoice_date" else Decimal(text)
        return value, int(pk)
    except (ValueError, ArithmeticError):
        return None


def statuses_page(rows: QuerySet[InvoiceStatus], *, sort: str = "-invoice_date", cursor: str = "") -> Page:
    """One page in keyset order (the sort field, then the id as a tie-breaker): a page deep in
    a million rows costs what the first one does. `cursor` is the last row of the page before."""
    sort = sort if sort in SORTS else "-invoice_date"
    field, descending = sort.lstrip("-"), sort.startswith("-")
    if cursor and (position := _cursor_parse(field, cursor)):
        value, pk = position
        # A row comparison, which the (account, field, id) index answers directly; the
        # equivalent OR of two conditions makes PostgreSQL walk the index from the start.
        after = RawSQL(
            f'("invoices_invoicestatus"."{field}", "invoices_invoicestatus"."id") {"<" if descending else ">"} (%s, %s)',
            [value, pk],
            output_field=BooleanField(),
        )
        rows = rows.filter(after)
    order = [sort, "-pk" if descending else "pk"]
    found = list(rows.order_by(*order).values(*PAGE_FIELDS, buyer_name=F("buyer__legal_name"))[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    labels = status_labels()
    for row in found:
        row["status_label"] = labels[row["status"]]
    next_cursor = f"{found[-1][field]}_{found[-1]['id']}" if more else ""
    return Page(found, next_cursor)


@dataclass(frozen=True)
class InvoiceSummary:
    counts: dict[str, int]  # invoices per status (all customers and currencies), every status, in order
    buyers: list[tuple[int, str, str]]  # (id, network number, name) of the customers with invoices, by name


def invoice_summary(*, org: Organisation, account: SupplierAccount) -> InvoiceSummary:
    """Invoices per status and the customers that have any, in one query of the counts the
    loader keeps."""
    rows = (
        for_org(StatusCount, org)
        .filter(account=account)
        .values_list("buyer_id", "buyer__network_number", "buyer__legal_name", "status")
        .annotate(Sum("count"))
    )
    counts = dict.fromkeys(InvoiceState.values, 0)
    buyers = set()
    for buyer_id, network_number, name, status, count in rows:
        counts[status] += count
        buyers.add((buyer_id, network_number, name))
    return InvoiceSummary(counts, sorted(buyers, key=lambda buyer: buyer[2]))


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int
    percent_of_largest: int


def status_rows(counts: dict[str, int]) -> list[StatusRow]:
    peak = max(counts.values()) or 1
    labels = dict(InvoiceState.choices)
    return [StatusRow(status, labels[status], count, round(100 * count / peak)) for status, count in counts.items()]


@dataclass(frozen=True)
class WeekTotals:
    week: dt.date
    kind: str
    totals: dict[str, Decimal]  # currency → total
    count: int


def payment_weeks(*, org: Organisation, account: SupplierAccount, today: dt.date) -> list[WeekTotals]:
    """Paid invoices by payment week for the last 8 weeks, approved ones by due week for the
    next 8 (overdue approved ones count in this week)."""
    monday = today - dt.timedelta(days=today.weekday())
    first, last = monday - dt.timedelta(weeks=8), monday + dt.timedelta(weeks=7)
    weeks = defaultdict(lambda: {"totals": defaultdict(Decimal), "count": 0})
    rows = for_org(PaymentWeek, org).filter(account=account)
    paid = rows.filter(kind=PaymentWeek.Kind.PAID, week__gte=first, week__lt=monday)
    due = rows.filter(kind=PaymentWeek.Kind.DUE, week__lte=last)
    for row in [*paid, *due]:
        week = max(row.week, monday) if row.kind == PaymentWeek.Kind.DUE else row.week
        entry = weeks[(week, row.kind)]
        entry["totals"][row.currency] += row.total
        entry["count"] += row.count
    result = []
    for offset in range(-8, 8):
        week = monday + dt.timedelta(weeks=offset)
        kind = PaymentWeek.Kind.PAID if offset < 0 else PaymentWeek.Kind.DUE
        entry = weeks.get((week, kind), {"totals": {}, "count": 0})
        result.append(WeekTotals(week, kind, dict(entry["totals"]), entry["count"]))
    return result


def attention_count(counts: dict[str, int]) -> int:
    return sum(count for status, count in counts.items() if status in NEEDS_ATTENTION)


UNDER_WAY = [LoadRun.State.QUEUED, LoadRun.State.RUNNING]
LOADS_SHOWN = 10


def load_state(*, org: Organisation, account: SupplierAccount) -> dict:
    """What the progress fragment shows: the loads under way among the account's newest ones,
    and the newest one, in one query."""
    newest = list(
        for_org(LoadRun, org)
        .filter(relationship__account=account)
        .annotate(buyer_name=F("relationship__buyer__legal_name"))
        .order_by("-created_at", "-pk")[:LOADS_SHOWN]
    )
    return {"loads": [run for run in newest if run.state in UNDER_WAY], "last_load": newest[0] if newest else None}


MIN_BEFORE_WILDCARD = 3


def invoices_search(*, org: Organisation, query: str, limit: int = 100) -> QuerySet[InvoiceStatus] | None:
    """Across the organisation's accounts, by invoice, PO or payment (transaction) number: an
    exact match, or a prefix ending in `*` with at least three characters before it. None when
    the query is not acceptable."""
    query = query.strip()
    rows = for_org(InvoiceStatus, org).select_related("account", "buyer").order_by("-invoice_date", "-pk")
    if query.endswith("*"):
        stem = query.rstrip("*")
        if len(stem) < MIN_BEFORE_WILDCARD or "*" in stem:
            return None
        match = Q(invoice_number__startswith=stem) | Q(po_number__startswith=stem) | Q(payment_reference__startswith=stem)
    elif query and "*" not in query:
        match = Q(invoice_number=query) | Q(po_number=query) | Q(payment_reference=query)
    else:
        return None
    return rows.filter(match)[:limit]
