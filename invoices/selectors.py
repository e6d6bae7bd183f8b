"""Reads of invoice statuses, each scoped to the organisation; counts and weekly totals come
from the summaries the loader keeps, never from counting the rows."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, F, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from customers.models import InvoiceState
from invoices.models import (
    SEARCHED_NUMBERS,
    InvoiceStatus,
    LoadRun,
    PaymentWeek,
    StatusCount,
    StatusExport,
    status_labels,
)
from portal.lib.tenancy import for_org, get_object_for_org_or_404
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
    rows: list[dict]  # PAGE_FIELDS, buyer_name, buyer_number and status_label
    next_cursor: str  # "" on the last page


def statuses_filtered(*, org: Organisation, account: SupplierAccount, filters: dict | None) -> QuerySet[InvoiceStatus]:
    """The account's invoice statuses that pass `filters` (StatusFilterForm's cleaned data);
    none at all when `filters` is None, a filter that could not be read."""
    rows = for_org(InvoiceStatus, org).filter(account=account)
    if filters is None:
        return rows.none()
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


_AMOUNT = InvoiceStatus._meta.get_field("amount")
_ID = "(?P<pk>[1-9][0-9]{0,18})"  # checked against MAX_ID too
# A cursor exactly as statuses_page writes it, with values the columns can hold: anything else
# (a tampered link) would reach the database as a value it cannot compare, a 500.
CURSOR_PATTERNS = {
    "invoice_date": re.compile(rf"(?P<value>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})_{_ID}"),
    "amount": re.compile(
        rf"(?P<value>-?[0-9]{{1,{_AMOUNT.max_digits - _AMOUNT.decimal_places}}}\.[0-9]{{{_AMOUNT.decimal_places}}})_{_ID}"
    ),
}
MAX_ID = 2**63 - 1  # a bigint


def _cursor_parse(field: str, cursor: str) -> tuple | None:
    """The (sort value, id) of a page's last row, or None for a cursor that was tampered with."""
    match = CURSOR_PATTERNS[field].fullmatch(cursor)
    if match is None or int(match["pk"]) > MAX_ID:
        return None
    try:
        value = dt.date.fromisoformat(match["value"]) if field == "invoice_date" else Decimal(match["value"])
    except ValueError:  # a date such as 2026-13-01
        return None
    return value, int(match["pk"])


def keyset_after(field: str, descending: bool, value, pk: int) -> RawSQL:
    """The rows after (value, pk) in the order (field, id), both descending or both ascending: a
    row comparison, which the (account, field, id) index answers directly; the equivalent OR of
    two conditions makes PostgreSQL walk the index from the start."""
    return RawSQL(
        f'("invoices_invoicestatus"."{field}", "invoices_invoicestatus"."id") {"<" if descending else ">"} (%s, %s)',
        [value, pk],
        output_field=BooleanField(),
    )


def statuses_page(rows: QuerySet[InvoiceStatus], *, sort: str = "-invoice_date", cursor: str = "") -> Page:
    """One page in keyset order (the sort field, then the id as a tie-breaker): a page deep in
    a million rows costs what the first one does. `cursor` is the last row of the page before."""
    sort = sort if sort in SORTS else "-invoice_date"
    field, descending = sort.lstrip("-"), sort.startswith("-")
    if cursor and (position := _cursor_parse(field, cursor)):
        rows = rows.filter(keyset_after(field, descending, *position))
    order = [sort, "-pk" if descending else "pk"]
    buyer = {"buyer_name": F("buyer__legal_name"), "buyer_number": F("buyer__network_number")}
    found = list(rows.order_by(*order).values(*PAGE_FIELDS, **buyer)[: PAGE_SIZE + 1])
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


WEEKS_BEFORE, WEEKS_AFTER = 8, 7  # around this week


@dataclass(frozen=True)
class WeekAmounts:
    week: dt.date  # its Monday
    paid: Decimal  # paid that week (a paid credit note counts negative)
    due: Decimal  # approved invoices due that week; this week's includes the overdue ones


@dataclass(frozen=True)
class CurrencyWeeks:
    currency: str  # ISO 4217
    weeks: list[WeekAmounts]  # WEEKS_BEFORE weeks before this one, this one, WEEKS_AFTER after


def payment_weeks(*, org: Organisation, account: SupplierAccount, today: dt.date) -> list[CurrencyWeeks]:
    """Paid invoices by week of payment and approved ones by week due, per currency (those with
    any amount in the window, by code), from the weekly totals the loader keeps."""
    monday = today - dt.timedelta(days=today.weekday())
    first, last = monday - dt.timedelta(weeks=WEEKS_BEFORE), monday + dt.timedelta(weeks=WEEKS_AFTER)
    amounts = defaultdict(Decimal)  # (currency, week, kind) → total
    rows = for_org(PaymentWeek, org).filter(
        Q(kind=PaymentWeek.Kind.PAID, week__gte=first, week__lte=last) | Q(kind=PaymentWeek.Kind.DUE, week__lte=last),
        account=account,
    )
    for kind, week, currency, total in rows.values_list("kind", "week", "currency", "total"):
        amounts[(currency, max(week, monday) if kind == PaymentWeek.Kind.DUE else week, kind)] += total
    weeks = [monday + dt.timedelta(weeks=offset) for offset in range(-WEEKS_BEFORE, WEEKS_AFTER + 1)]
    paid, due = PaymentWeek.Kind.PAID, PaymentWeek.Kind.DUE
    return [
        CurrencyWeeks(
            currency, [WeekAmounts(week, amounts[(currency, week, paid)], amounts[(currency, week, due)]) for week in weeks]
        )
        for currency in sorted({currency for currency, _week, _kind in amounts})
    ]


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
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class InvoiceHits:
    rows: list[InvoiceStatus]  # newest first, with their account and buyer; at most the limit
    more: bool  # more invoices matched than the limit


def invoices_matching(*, org: Organisation, query: str) -> QuerySet[InvoiceStatus] | None:
    """Across the organisation's accounts, by invoice, PO or payment (transaction) number, in
    any case: an exact match, or a prefix ending in `*` with at least three characters before
    it; newest first. None when the query is not acceptable. On PostgreSQL each of the three
    matches is answered by an index on (organisation, the upper-cased number)."""
    query = query.strip()
    if query.endswith("*"):
        stem = query.rstrip("*")
        if len(stem) < MIN_BEFORE_WILDCARD or "*" in stem:
            return None
        lookup, value = "istartswith", stem
    elif query and "*" not in query:
        lookup, value = "iexact", query
    else:
        return None
    match = Q()
    for field in SEARCHED_NUMBERS:
        match |= Q(**{f"{field}__{lookup}": value})
    return for_org(InvoiceStatus, org).filter(match).order_by("-invoice_date", "-pk")


def invoices_search(*, org: Organisation, query: str, limit: int = SEARCH_LIMIT) -> InvoiceHits | None:
    """The first `limit` of invoices_matching, with their account and buyer, and whether more
    matched; None when the query is not acceptable."""
    rows = invoices_matching(org=org, query=query)
    if rows is None:
        return None
    found = list(rows.select_related("account", "buyer")[: limit + 1])
    return InvoiceHits(found[:limit], len(found) > limit)


def invoice_status_get(*, org: Organisation, account_code: str, buyer_number: str, invoice_number: str) -> InvoiceStatus:
    """One invoice status by its natural key (the account's code, the buyer's network number, the
    invoice number); Http404 when the organisation has no such invoice."""
    return get_object_for_org_or_404(
        InvoiceStatus.objects.select_related("account", "buyer"),
        org,
        account__code=account_code,
        buyer__network_number=buyer_number,
        invoice_number=invoice_number,
    )


def status_export_get(*, org: Organisation, code) -> StatusExport:
    """The organisation's export with this code; Http404 for any other (another organisation's
    answers as a missing one)."""
    return get_object_for_org_or_404(StatusExport, org, code=code)
