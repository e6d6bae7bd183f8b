"""Reads of the supplier's own invoices and credit notes, each through the one scoping path
(portal.lib.tenancy): another organisation's invoice answers as a missing one (404). Lists are
rows as dictionaries in keyset order; their counts come from InvoiceCount, never from counting
rows."""

import datetime as dt
import re
import uuid as uuid_module
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404

from connections.models import Relationship
from customers.models import BuyerEntity
from invoices.models import DeliveryState, DocumentState, Invoice, InvoiceCount, TypeCode
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount

PAGE_SIZE = 50
# What a page of the invoice list shows of each row.
PAGE_FIELDS = [
    "id", "uuid", "type_code", "state", "number", "issue_date", "due_date", "currency", "tax_inclusive",
    "payable", "delivery_state", "created_at",
]
HOME_ROWS = 5


@dataclass(frozen=True)
class Page:
    rows: list[dict]  # PAGE_FIELDS, buyer_name and buyer_number
    next_cursor: str  # "" on the last page


def invoice_for_request(request, invoice_uuid) -> Invoice:
    """The organisation's invoice with this public uuid (any of its accounts), with its account,
    buyer and preceding invoice; Http404 for another organisation's, a missing one or a malformed
    uuid."""
    try:
        value = uuid_module.UUID(str(invoice_uuid))
    except ValueError:
        raise Http404 from None
    rows = Invoice.objects.select_related("account", "buyer", "preceding_invoice")
    return get_object_for_org_or_404(rows, request.org, uuid=value)


def invoices_filtered(*, org: Organisation, account: SupplierAccount, filters: dict | None) -> QuerySet[Invoice]:
    """The account's invoices and credit notes that pass ``filters`` (keys, all optional:
    ``type_code`` "380"/"381", ``state`` "draft"/"sent", ``delivery_state``, ``buyer`` (a
    BuyerEntity or id), ``number`` (a prefix, any case), ``date_from``/``date_to`` on the issue
    date); none at all when ``filters`` is None (a filter that could not be read)."""
    rows = for_org(Invoice, org).filter(account=account)
    if filters is None:
        return rows.none()
    for name in ("type_code", "state", "delivery_state", "buyer"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("number"):
        rows = rows.filter(number__istartswith=filters["number"].strip())
    if filters.get("date_from"):
        rows = rows.filter(issue_date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(issue_date__lte=filters["date_to"])
    return rows


CURSOR = re.compile(r"(?P<at>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:[+-][0-9]{2}:[0-9]{2})?)_(?P<pk>[1-9][0-9]{0,18})")
MAX_ID = 2**63 - 1


def _cursor_parse(cursor: str) -> tuple[dt.datetime, int] | None:
    match = CURSOR.fullmatch(cursor)
    if match is None or int(match["pk"]) > MAX_ID:
        return None
    try:
        return dt.datetime.fromisoformat(match["at"]), int(match["pk"])
    except ValueError:
        return None


def invoices_page(rows: QuerySet[Invoice], *, cursor: str = "") -> Page:
    """One page, newest first, in keyset order (created_at, id): a page deep in a million rows
    costs what the first does. ``cursor`` is the previous page's ``next_cursor``; a tampered one
    reads as the first page."""
    if cursor and (position := _cursor_parse(cursor)):
        at, pk = position
        table = Invoice._meta.db_table
        rows = rows.filter(
            RawSQL(
                f'("{table}"."created_at", "{table}"."id") < (%s, %s)',
                # As the database stores it (SQLite compares text: naive UTC, no offset).
                [connection.ops.adapt_datetimefield_value(at), pk],
                output_field=BooleanField(),
            )
        )
    buyer = {"buyer_name": F("buyer__legal_name"), "buyer_number": F("buyer__network_number")}
    found = list(rows.order_by("-created_at", "-id").values(*PAGE_FIELDS, **buyer)[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    next_cursor = f"{found[-1]['created_at'].isoformat()}_{found[-1]['id']}" if more else ""
    return Page(found, next_cursor)


@dataclass(frozen=True)
class InvoiceCounts:
    total: int
    by_type: dict[str, int]  # TypeCode value → count
    by_state: dict[str, int]  # DocumentState value → count
    by_delivery: dict[str, int]  # DeliveryState value → count (drafts are "not_sent")


def invoice_counts(*, org: Organisation, account: SupplierAccount) -> InvoiceCounts:
    """The account's documents counted by type, state and delivery state, in one query of the
    counts the services keep."""
    by_type = dict.fromkeys(TypeCode.values, 0)
    by_state = dict.fromkeys(DocumentState.values, 0)
    by_delivery = dict.fromkeys(DeliveryState.values, 0)
    rows = for_org(InvoiceCount, org).filter(account=account).values_list("type_code", "state", "delivery_state", "count")
    for type_code, state, delivery_state, count in rows:
        by_type[type_code] += count
        by_state[state] += count
        by_delivery[delivery_state] += count
    return InvoiceCounts(sum(by_type.values()), by_type, by_state, by_delivery)


def failed_count(*, org: Organisation) -> int:
    """Home's "Failed invoices" count in For your attention: every account of the organisation."""
    total = for_org(InvoiceCount, org).filter(delivery_state=DeliveryState.FAILED).aggregate(n=Sum("count"))["n"]
    return total or 0


def failed_invoices(*, org: Organisation, limit: int = HOME_ROWS) -> list[dict]:
    """Home's Failed invoices (Number, Supplier, Buyer): the newest of every account, with the
    reason (``delivery_failure``; show Invoice.delivery_failure_text's translation)."""
    rows = for_org(Invoice, org).filter(delivery_state=DeliveryState.FAILED)
    return list(
        rows.order_by("-sent_at", "-id").values(
            "uuid", "type_code", "number", "delivery_failure", "sent_at",
            supplier_name=F("account__legal_name"), buyer_name=F("buyer__legal_name"),
        )[:limit]
    )


def saved_invoices(*, org: Organisation, account: SupplierAccount | None = None, limit: int = HOME_ROWS) -> list[dict]:
    """Home's Saved invoices (Number, Buyer, Amount): the newest drafts (of ``account``, or of
    every account), their amount the draft's stored total with VAT (BT-112). Drafts have no
    number: show the type and date instead."""
    rows = for_org(Invoice, org).filter(state=DocumentState.DRAFT)
    if account is not None:
        rows = rows.filter(account=account)
    return list(
        rows.order_by("-updated_at", "-id").values(
            "uuid", "type_code", "number", "issue_date", "tax_inclusive", "currency", "updated_at",
            buyer_name=F("buyer__legal_name"), supplier_name=F("account__legal_name"),
        )[:limit]
    )


def saved_count(*, org: Organisation) -> int:
    total = for_org(InvoiceCount, org).filter(state=DocumentState.DRAFT).aggregate(n=Sum("count"))["n"]
    return total or 0


def invoicing_buyers(*, org: Organisation, account: SupplierAccount) -> QuerySet[BuyerEntity]:
    """The buyer entities ``account`` may invoice: those of its active relationships (the test
    buyer included), the test buyer first, then by name."""
    relationships = for_org(Relationship, org).filter(account=account)
    return BuyerEntity.objects.filter(pk__in=relationships.values("buyer_id")).order_by("-is_test_buyer", "legal_name")


def creditable_invoices(*, org: Organisation, account: SupplierAccount, buyer: BuyerEntity | None = None) -> QuerySet[Invoice]:
    """The account's sent invoices (BT-3 380) a credit note may correct (BT-25), newest first."""
    rows = for_org(Invoice, org).filter(account=account, state=DocumentState.SENT, type_code=TypeCode.INVOICE)
    if buyer is not None:
        rows = rows.filter(buyer=buyer)
    return rows.order_by("-sent_at", "-id")


def delivery_history(invoice: Invoice) -> QuerySet:
    """The invoice's delivery attempts, newest first (when, to whom, outcome, reason)."""
    return invoice.delivery_attempts.all()
