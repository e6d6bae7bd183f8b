"""What the Invoicing pages and Home read of the account's documents, each scoped through the one
scoping path: a page of the list (rows as dictionaries, keyset order, as the status pages do),
its counts from the per-account summary (InvoiceCount, never a COUNT over the rows), one document
by its UUID, and Home's failed and saved invoices."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, F, QuerySet, Sum
from django.db.models.expressions import RawSQL

from invoices.models.documents import (
    DeliveryState,
    DocumentState,
    Invoice,
    InvoiceCount,
    TypeCode,
)
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount

PAGE_SIZE = 50
HOME_ROWS = 5

PAGE_FIELDS = [
    "id", "uuid", "number", "type_code", "state", "delivery_state", "issue_date", "payable", "currency", "created_at",
]


def document_get(*, org: Organisation, invoice_uuid) -> Invoice:
    """One of the organisation's documents by its UUID, with its account, buyer and the invoice it
    credits; Http404 for another organisation's or a missing one."""
    return get_object_for_org_or_404(
        Invoice.objects.select_related("account", "buyer", "preceding_invoice"), org, uuid=invoice_uuid
    )


def documents_filtered(*, org: Organisation, account: SupplierAccount, filters: dict | None) -> QuerySet[Invoice]:
    """The account's documents that pass `filters` (DocumentFilterForm's cleaned data, the buyer
    as its id); none when `filters` is None (a filter that could not be read). The number is
    matched exactly: the (account, type, number) index answers it."""
    rows = for_org(Invoice, org).filter(account=account)
    if filters is None:
        return rows.none()
    for name, field in (("type", "type_code"), ("state", "state"), ("delivery", "delivery_state"), ("buyer", "buyer_id")):
        if filters.get(name):
            rows = rows.filter(**{field: filters[name]})
    if filters.get("number"):
        rows = rows.filter(number=filters["number"])
    return rows


@dataclass(frozen=True)
class Page:
    rows: list[dict]  # PAGE_FIELDS, buyer_name and the labels of type, state and delivery
    next_cursor: str  # "" on the last page


_CURSOR = re.compile(r"(?P<at>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+\+00:00)_(?P<pk>[1-9][0-9]{0,18})")
MAX_ID = 2**63 - 1


def cursor_of(row: dict) -> str:
    """The cursor after `row` (its creation moment in UTC and its id)."""
    return f"{row['created_at'].astimezone(dt.UTC).isoformat()}_{row['id']}"


def _cursor_parse(cursor: str) -> tuple[dt.datetime, int] | None:
    match = _CURSOR.fullmatch(cursor)
    if match is None or int(match["pk"]) > MAX_ID:
        return None
    try:
        return dt.datetime.fromisoformat(match["at"]), int(match["pk"])
    except ValueError:
        return None


def documents_page(rows: QuerySet[Invoice], *, cursor: str = "") -> Page:
    """One page, newest first, in keyset order (created, then id): a page deep in a million rows
    costs what the first does. A cursor that was tampered with gives the first page."""
    position = _cursor_parse(cursor) if cursor else None
    if position:
        table = Invoice._meta.db_table
        # A row comparison, which the (account, created_at, id) indexes answer directly.
        rows = rows.filter(
            RawSQL(f'("{table}"."created_at", "{table}"."id") < (%s, %s)', list(position), output_field=BooleanField())
        )
    found = list(
        rows.order_by("-created_at", "-pk").values(*PAGE_FIELDS, buyer_name=F("buyer__legal_name"))[: PAGE_SIZE + 1]
    )
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    types, states, deliveries = dict(TypeCode.choices), dict(DocumentState.choices), dict(DeliveryState.choices)
    for row in found:
        row["type_label"] = types[row["type_code"]]
        row["state_label"] = states[row["state"]]
        row["delivery_label"] = deliveries[row["delivery_state"]]
    return Page(found, cursor_of(found[-1]) if more else "")


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


def documents_summary(*, org: Organisation, account: SupplierAccount) -> list[CountRow]:
    """The account's documents counted by type, drafts and failed deliveries, in one query of
    the counts the services keep (InvoiceCount)."""
    counts = defaultdict(int)
    rows = for_org(InvoiceCount, org).filter(account=account).values_list("type_code", "state", "delivery_state", "count")
    for type_code, state, delivery_state, count in rows:
        counts[type_code] += count
        counts[state] += count
        counts[delivery_state] += count
    labels = dict(TypeCode.choices) | {DocumentState.DRAFT: DocumentState.DRAFT.label, DeliveryState.FAILED: DeliveryState.FAILED.label}
    order = [TypeCode.INVOICE, TypeCode.CREDIT_NOTE, DocumentState.DRAFT, DeliveryState.FAILED]
    return [CountRow(str(labels[key]), counts[key]) for key in order]


def failed_count(*, org: Organisation, account: SupplierAccount) -> int:
    """The account's sent documents whose delivery failed, from the summary."""
    rows = for_org(InvoiceCount, org).filter(account=account, delivery_state=DeliveryState.FAILED)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def failed_rows(*, org: Organisation, account: SupplierAccount, limit: int = HOME_ROWS) -> list[dict]:
    """Home's Failed invoices: the newest failed deliveries (number, supplier, buyer, reason)."""
    rows = for_org(Invoice, org).filter(account=account, delivery_state=DeliveryState.FAILED).order_by("-created_at", "-pk")
    return list(
        rows.values(
            "uuid", "number", "delivery_failure", account_name=F("account__legal_name"), buyer_name=F("buyer__legal_name")
        )[:limit]
    )


def saved_rows(*, org: Organisation, account: SupplierAccount, limit: int = HOME_ROWS) -> list[dict]:
    """Home's Saved invoices: the newest drafts with their amount due (BT-115, as the draft's
    save stored it)."""
    rows = for_org(Invoice, org).filter(account=account, state=DocumentState.DRAFT).order_by("-updated_at", "-pk")
    return list(rows.values("uuid", "number", "currency", amount=F("payable"), buyer_name=F("buyer__legal_name"))[:limit])
