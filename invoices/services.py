"""Loading a relationship's invoice statuses from the buyer's accounts-payable records.

A load is idempotent and safe to kill: rows are upserted by their natural key and a row is only
replaced by a newer version of itself, so a late, repeated or restarted load ends with exactly
the right rows. The summaries the pages read are rebuilt in the same transaction as each chunk.
"""

import tempfile
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from connections.models import Relationship
from customers.models import INVOICE_DETAILS, BuyerInvoiceRecord, InvoiceState
from invoices.models import InvoiceStatus, LoadRun, PaymentWeek, StatusCount
from portal.tenancy import for_org

# Incremental loads reach back this far before the last load began: records written while it
# ran, or stamped by a slightly slow clock at the source, are not missed (upserts make the
# overlap harmless).
REFRESH_OVERLAP = timedelta(hours=1)
SPOOL_IN_MEMORY = 64 * 1024 * 1024
ANALYZE_AFTER_ROWS = 10_000
# The staging table's columns: the record's details and its time of change at the source.
COPIED = [*INVOICE_DETAILS, "updated_at"]
UPDATED = [name for name in INVOICE_DETAILS if name != "invoice_number"] + ["source_updated_at"]


def load_queue(*, relationship: Relationship, since=None) -> LoadRun:
    """A load of the relationship's statuses, started once the caller's transaction commits."""
    from invoices.tasks import invoice_status_load as invoice_status_load_task

    run = LoadRun.objects.create(organisation_id=relationship.organisation_id, relationship=relationship, since=since)
    invoice_status_load_task.delay_on_commit(run.pk)
    return run


def records_for(relationship: Relationship, since=None) -> QuerySet[BuyerInvoiceRecord]:
    """The buyer's records of this supplier account: known by its network number, its VAT number
    or the vendor code of the relationship."""
    account = relationship.account
    identity = Q(supplier_network_number=account.network_number)
    if account.vat_number:
        identity |= Q(supplier_vat_number=account.vat_number)
    if relationship.vendor_code:
        identity |= Q(vendor_code=relationship.vendor_code)
    records = BuyerInvoiceRecord.objects.filter(identity, buyer_id=relationship.buyer_id)
    return records.filter(updated_at__gt=since) if since else records


def load_run_execute(*, run_id: int) -> LoadRun:
    run = LoadRun.objects.select_related("relationship__account").get(pk=run_id)
    if run.state == LoadRun.State.FINISHED:
        return run
    relationship = run.relationship
    records = records_for(relationship, run.since)
    LoadRun.objects.filter(pk=run.pk).update(
        state=LoadRun.State.RUNNING, started_at=timezone.now(), rows_done=0, rows_total=records.count()
    )
    try:
        if connection.vendor == "postgresql":
            _load_postgres(run, relationship, records)
        else:
            _load_in_batches(run, relationship, records)
        with transaction.atomic():
            _summaries_rebuild(relationship)
            LoadRun.objects.filter(pk=run.pk).update(state=LoadRun.State.FINISHED, finished_at=timezone.now())
    except Exception as error:
        LoadRun.objects.filter(pk=run.pk).update(state=LoadRun.State.FAILED, message=str(error)[:2000])
        raise
    run.refresh_from_db()
    return run


def _progress(run: LoadRun, rows: int) -> None:
    LoadRun.objects.filter(pk=run.pk).update(rows_done=rows)


def _summaries_rebuild(relationship: Relationship) -> None:
    """Counts per status and totals per week for this account and buyer, from its rows."""
    org = relationship.organisation_id
    scope = {"account_id": relationship.account_id, "buyer_id": relationship.buyer_id}
    owner = {"organisation_id": org, **scope}
    rows = for_org(InvoiceStatus, org).filter(**scope)
    for_org(StatusCount, org).filter(**scope).delete()
    StatusCount.objects.bulk_create(
        StatusCount(**owner, **group)
        for group in rows.values("status", "currency").annotate(count=Count("id"), total=Sum("amount")).order_by()
    )
    for_org(PaymentWeek, org).filter(**scope).delete()
    for kind, status, date_field in [
        (PaymentWeek.Kind.DUE, InvoiceState.APPROVED, "due_date"),
        (PaymentWeek.Kind.PAID, InvoiceState.PAID, "payment_date"),
    ]:
        weeks = (
            rows.filter(status=status, **{f"{date_field}__isnull": False})
            .annotate(week=TruncWeek(date_field))
            .values("week", "currency")
            .annotate(count=Count("id"), total=Sum("amount"))
            .order_by()
        )
        PaymentWeek.objects.bulk_create(PaymentWeek(**owner, kind=kind, **week) for week in weeks)


def _load_in_batches(run: LoadRun, relationship: Relationship, records: QuerySet) -> None:
    """SQLite: upsert batch by batch, keeping only versions newer than the stored ones."""
    done = 0
    batch = []
    for record in records.order_by("pk").iterator(chunk_size=2000):
        batch.append(record)
        if len(batch) == 2000:
            done += _upsert_batch(relationship, batch)
            _progress(run, done)
            batch = []
    if batch:
        done += _upsert_batch(relationship, batch)
        _progress(run, done)


@transaction.atomic
def _upsert_batch(relationship: Relationship, records: list[BuyerInvoiceRecord]) -> int:
    newest = {}
    for record in records:
        if record.invoice_number not in newest or newest[record.invoice_number].updated_at < record.updated_at:
            newest[record.invoice_number] = record
    stored = dict(
        for_org(InvoiceStatus, relationship.organisation_id)
        .filter(account_id=relationship.account_id, buyer_id=relationship.buyer_id, invoice_number__in=newest)
        .values_list("invoice_number", "source_updated_at")
    )
    fresh = [record for number, record in newest.items() if number not in stored or stored[number] < record.updated_at]
    InvoiceStatus.objects.bulk_create(
        [
            InvoiceStatus(
                organisation_id=relationship.organisation_id,
                account_id=relationship.account_id,
                buyer_id=relationship.buyer_id,
                source_updated_at=record.updated_at,
                **{name: getattr(record, name) for name in COPIED if name != "updated_at"},
            )
            for record in fresh
        ],
        update_conflicts=True,
        unique_fields=["account", "buyer", "invoice_number"],
        update_fields=UPDATED,
    )
    return len(records)


STAGING = [
    f"CREATE TEMP TABLE IF NOT EXISTS invoice_staging AS"
    f" SELECT {', '.join(COPIED)} FROM customers_buyerinvoicerecord WITH NO DATA",
    # The order rows arrived in, so chunks can be cut without sorting.
    "ALTER TABLE invoice_staging ADD COLUMN IF NOT EXISTS n bigserial",
]
INSERT = f"""
INSERT INTO invoices_invoicestatus (organisation_id, account_id, buyer_id, {", ".join(UPDATED)}, invoice_number)
SELECT DISTINCT ON (invoice_number) %s, %s, %s, {", ".join(COPIED[1:])}, invoice_number
FROM invoice_staging WHERE n > %s AND n <= %s
ORDER BY invoice_number, updated_at DESC
"""
UPSERT = f"""{INSERT}
ON CONFLICT (account_id, buyer_id, invoice_number) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in UPDATED)}
WHERE invoices_invoicestatus.source_updated_at < EXCLUDED.source_updated_at
"""


def _load_postgres(run: LoadRun, relationship: Relationship, records: QuerySet) -> None:
    """COPY the matching records out (spooled to a temporary file, so memory stays bounded) and
    into a temporary staging table, then upsert it in chunks, each in its own transaction with
    the run's progress."""
    select, params = records.values_list(*COPIED).query.sql_with_params()
    with connection.cursor() as cursor, tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        # psycopg's own cursor: Django's wrapper passes no parameters to COPY.
        with cursor.cursor.copy(f"COPY ({select}) TO STDOUT", params) as copy_out:
            for block in copy_out:
                spool.write(block)
        spool.seek(0)
        for statement in STAGING:
            cursor.execute(statement)
        cursor.execute("TRUNCATE invoice_staging RESTART IDENTITY")
        with cursor.copy(f"COPY invoice_staging ({', '.join(COPIED)}) FROM STDIN") as copy_in:
            while block := spool.read(1 << 20):
                copy_in.write(block)
        cursor.execute("SELECT count(*) FROM invoice_staging")
        staged = cursor.fetchone()[0]
    # A first load inserts plainly, which costs less than an upsert; a chunk that meets a row
    # already there (an earlier chunk, or a load running twice) is redone as an upsert.
    stored = for_org(InvoiceStatus, relationship.organisation_id).filter(
        account_id=relationship.account_id, buyer_id=relationship.buyer_id
    )
    plain = not stored.exists()
    chunk = settings.INVOICE_LOAD_CHUNK
    for start in range(0, staged, chunk):
        params = [relationship.organisation_id, relationship.account_id, relationship.buyer_id, start, start + chunk]
        try:
            _chunk_write(run, INSERT if plain else UPSERT, params, min(start + chunk, staged))
        except IntegrityError:
            plain = False
            _chunk_write(run, UPSERT, params, min(start + chunk, staged))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS invoice_staging")
        if staged >= ANALYZE_AFTER_ROWS:  # fresh statistics, or the planner misjudges the pages
            cursor.execute("ANALYZE invoices_invoicestatus")


@transaction.atomic
def _chunk_write(run: LoadRun, statement: str, params: list, rows_done: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
    _progress(run, rows_done)


def loads_refresh() -> int:
    """Queue an incremental load (records changed since the last finished load began) for every
    relationship that has no load waiting or running. Run by beat."""
    busy = LoadRun.objects.filter(state__in=[LoadRun.State.QUEUED, LoadRun.State.RUNNING]).values("relationship_id")
    queued = 0
    for relationship in Relationship.objects.exclude(pk__in=busy).select_related("account"):
        last = relationship.load_runs.filter(state=LoadRun.State.FINISHED).order_by("-started_at").first()
        since = last.started_at - REFRESH_OVERLAP if last else None
        with transaction.atomic():
            load_queue(relationship=relationship, since=since)
        queued += 1
    return queued
