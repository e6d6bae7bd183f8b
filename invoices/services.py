"""Loading a relationship's invoice statuses from the buyer's accounts-payable records.

A load is idempotent and safe to kill: rows are unique by their natural key and a row is only
replaced by a newer version of itself, so a late, repeated or restarted load ends with exactly
the right rows. The summaries the pages read are rebuilt in the transaction that finishes a run.
Exports of the status list are written to files by a task, never by a web request.
"""

import os
import tempfile
import uuid
from functools import reduce
from operator import or_
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncWeek
from django.utils import timezone, translation
from django.utils.translation import get_language

from connections.models import Relationship
from customers.models import INVOICE_DETAILS, BuyerInvoiceRecord, InvoiceState
from invoices import tasks
from invoices.exports import statuses_csv
from invoices.models import InvoiceStatus, LoadRun, PaymentWeek, StatusCount, StatusExport
from invoices.selectors import statuses_filtered
from portal.lib.db import statistics_refresh
from portal.lib.tenancy import for_org
from portal.lib.uploads import private_storage
from suppliers.models import Organisation, SupplierAccount, User

# Incremental loads read the records the portal received since the last load began, less this
# much: a write still uncommitted when that load read (a long import, stamped when its
# transaction began) or a database clock a little behind the worker's is not missed (upserts make
# the overlap harmless).
REFRESH_OVERLAP = timedelta(hours=1)
SPOOL_IN_MEMORY = 64 * 1024 * 1024
# The staging table's columns: the record's details and its time of change at the source.
COPIED = [*INVOICE_DETAILS, "updated_at"]
UPDATED = [name for name in INVOICE_DETAILS if name != "invoice_number"] + ["source_updated_at"]


def load_queue(*, relationship: Relationship, since=None) -> LoadRun:
    """A load of the relationship's statuses, started once the caller's transaction commits."""
    run = LoadRun.objects.create(relationship=relationship, since=since)
    tasks.invoice_status_load.delay_on_commit(run.pk)
    return run


def records_for(relationship: Relationship, since=None) -> QuerySet[BuyerInvoiceRecord]:
    """The buyer's records of this supplier account: known by an identity the relationship
    verified (VAT number, network number, vendor code), never by the account's current fields;
    with `since` (an aware datetime), only those the portal received after it, whatever time of
    change their source gave them. None while nothing is verified or the loads are paused."""
    identities = [Q(**{field: value}) for field, value in relationship.verified_identities().items()]
    if not identities or relationship.paused_at:
        return BuyerInvoiceRecord.objects.none()
    records = BuyerInvoiceRecord.objects.filter(reduce(or_, identities), buyer_id=relationship.buyer_id)
    return records.filter(received_at__gt=since) if since else records


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
        if connection.vendor == "postgresql" and not records.query.is_empty():  # COPY needs a real query
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


def relationship_rows(model, relationship: Relationship) -> QuerySet:
    """The rows of `model` (InvoiceStatus or one of its summaries) of the relationship's account
    and buyer: the loader's own reads, keyed as the account-led indexes are. Not through `for_org`:
    with an organisation filter, the planner took an organisation-led index (the invoice searches')
    whenever statistics did not yet know the organisation's newest rows, and so read every row the
    organisation had loaded before, on every load: 44-70 ms per query at 100,000 rows, seconds at
    5,000,000 (bench/RESULTS.md, how cost grows). The account is the relationship's, so the scope is
    the same organisation's; the loader is a task, which crosses no tenant by its input."""
    return model._default_manager.filter(account_id=relationship.account_id, buyer_id=relationship.buyer_id)


def _summaries_rebuild(relationship: Relationship) -> None:
    """Counts per status and totals per week for this account and buyer, from its rows."""
    org = relationship.organisation_id
    scope = {"account_id": relationship.account_id, "buyer_id": relationship.buyer_id}
    owner = {"organisation_id": org, **scope}
    rows = relationship_rows(InvoiceStatus, relationship)
    relationship_rows(StatusCount, relationship).delete()
    StatusCount.objects.bulk_create(
        StatusCount(**owner, **group)
        for group in rows.values("status", "currency").annotate(count=Count("id"), total=Sum("amount")).order_by()
    )
    relationship_rows(PaymentWeek, relationship).delete()
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


# The columns of InvoiceStatus a load writes, in the order the records are streamed.
WRITTEN = ["organisation_id", "account_id", "buyer_id", *INVOICE_DETAILS, "source_updated_at"]
# One chunk at a time: the commit of each chunk's transaction empties it.
STAGING = (
    f"CREATE TEMP TABLE IF NOT EXISTS invoice_staging ON COMMIT DELETE ROWS AS"
    f" SELECT {', '.join(WRITTEN)} FROM invoices_invoicestatus WITH NO DATA"
)
UPSERT = f"""
INSERT INTO invoices_invoicestatus ({", ".join(WRITTEN)})
SELECT DISTINCT ON (invoice_number) {", ".join(WRITTEN)} FROM invoice_staging
ORDER BY invoice_number, source_updated_at DESC
ON CONFLICT (account_id, buyer_id, invoice_number) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in UPDATED)}
WHERE invoices_invoicestatus.source_updated_at < EXCLUDED.source_updated_at
"""


def _load_postgres(run: LoadRun, relationship: Relationship, records: QuerySet) -> None:
    """COPY the matching records out (spooled to a temporary file, so memory stays bounded), then
    back in chunk by chunk, each chunk in its own transaction with the run's progress."""
    # A first load COPYs straight into the table, the cheapest write there is; a chunk that meets
    # a row already there (a duplicate in the source, an earlier interrupted load, or a load
    # running twice) is redone as an upsert, and so is every chunk after it.
    stored = relationship_rows(InvoiceStatus, relationship)
    plain = not stored.exists()
    done = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        _copy_out(relationship, records, spool)
        spool.seek(0)
        with connection.cursor() as cursor:
            cursor.execute(STAGING)
        # COPY's text format escapes newlines inside values, so a line is a row.
        while rows := list(islice(spool, settings.INVOICE_LOAD_CHUNK)):
            done += len(rows)
            if plain:
                try:
                    _chunk_insert(run, rows, done)
                    continue
                except IntegrityError:
                    plain = False
            _chunk_upsert(run, rows, done)
    statistics_refresh(InvoiceStatus, rows_written=done)


def _copy_out(relationship: Relationship, records: QuerySet, spool) -> None:
    """The records as InvoiceStatus rows of this relationship, in COPY's text format."""
    owned = records.annotate(
        owner_organisation=Value(relationship.organisation_id), owner_account=Value(relationship.account_id)
    ).values_list("owner_organisation", "owner_account", "buyer_id", *COPIED)
    select, params = owned.query.sql_with_params()
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # psycopg's own cursor: Django's wrapper passes no parameters to COPY.
        with cursor.cursor.copy(f"COPY ({select}) TO STDOUT", params) as copy_out:
            for block in copy_out:
                spool.write(block)


def _copy_in(table: str, rows: list[bytes]) -> None:
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.copy(f"COPY {table} ({', '.join(WRITTEN)}) FROM STDIN") as copy_in:
            copy_in.write(b"".join(rows))


@transaction.atomic
def _chunk_insert(run: LoadRun, rows: list[bytes], rows_done: int) -> None:
    _copy_in("invoices_invoicestatus", rows)
    _progress(run, rows_done)


@transaction.atomic
def _chunk_upsert(run: LoadRun, rows: list[bytes], rows_done: int) -> None:
    _copy_in("invoice_staging", rows)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT)
    _progress(run, rows_done)


def loads_refresh() -> int:
    """Queue an incremental load (records received since the last finished load began) for every
    relationship that has no load waiting or running and is not paused. Run by beat. Returns the
    loads queued."""
    busy = LoadRun.objects.filter(state__in=[LoadRun.State.QUEUED, LoadRun.State.RUNNING]).values("relationship_id")
    queued = 0
    for relationship in Relationship.objects.exclude(pk__in=busy).filter(paused_at__isnull=True):
        last = relationship.load_runs.filter(state=LoadRun.State.FINISHED).order_by("-started_at").first()
        since = last.started_at - REFRESH_OVERLAP if last else None
        with transaction.atomic():
            load_queue(relationship=relationship, since=since)
        queued += 1
    return queued


# Exports of "Where is my invoice?" (invoices.exports writes the file's text).
EXPORT_KEPT = timedelta(days=1)
EXPORTED_FILTERS = ["buyer", "status", "date_from", "date_to", "amount_min", "amount_max"]


def status_export_request(*, org: Organisation, account: SupplierAccount, user: User, filters: dict) -> StatusExport:
    """An export of the account's statuses that pass `filters` (StatusFilterForm's cleaned data),
    in the active language, written by a task once the caller's transaction commits."""
    export = StatusExport.objects.create(
        organisation=org,
        account=account,
        requested_by=user,
        filters={key: filters.get(key) for key in EXPORTED_FILTERS},
        language=get_language(),
        filename=f"invoice-statuses-{account.network_number}-{timezone.localdate():%Y-%m-%d}.csv",
    )
    tasks.status_export_write.delay_on_commit(export.pk)
    return export


def status_export_write(*, export_id: int) -> StatusExport:
    """Writes the export's file (MEDIA_ROOT/private/exports/<code>.csv), its progress every
    CHUNK_ROWS rows. Idempotent: a ready export is left as it is; a run again after a crash writes
    a new file beside the old part and replaces it whole (os.replace), so no reader ever sees half
    a file. Raises what the database or the disk raised, with the export marked failed."""
    export = StatusExport.objects.select_related("account").get(pk=export_id)
    if export.state == StatusExport.State.READY:
        return export
    rows = statuses_filtered(org=export.organisation_id, account=export.account, filters=export.filters)
    name = f"exports/{export.code}.csv"
    path = Path(private_storage.path(name))
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    try:
        StatusExport.objects.filter(pk=export.pk).update(
            state=StatusExport.State.RUNNING, rows_done=0, rows_total=rows.count()
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        done = 0
        with translation.override(export.language), partial.open("w", encoding="utf-8", newline="") as out:
            for index, lines in enumerate(statuses_csv(rows)):
                out.writelines(lines)
                if index:  # the first is the header
                    done += len(lines)
                    StatusExport.objects.filter(pk=export.pk).update(rows_done=done)
        os.replace(partial, path)
        StatusExport.objects.filter(pk=export.pk).update(
            state=StatusExport.State.READY, file=name, rows_done=done, finished_at=timezone.now()
        )
    except Exception:
        StatusExport.objects.filter(pk=export.pk).update(state=StatusExport.State.FAILED, finished_at=timezone.now())
        raise
    finally:
        partial.unlink(missing_ok=True)
    export.refresh_from_db()
    return export


def status_exports_remove(*, now=None) -> int:
    """Removes exports asked for more than EXPORT_KEPT ago, their files first, and the parts of
    files that a killed worker left that long ago (every tenant's: run by beat). Returns how many
    exports were removed."""
    before = (now or timezone.now()) - EXPORT_KEPT
    removed = 0
    for export in StatusExport.objects.filter(created_at__lt=before).only("pk", "file"):
        if export.file:
            private_storage.delete(export.file.name)
        removed += StatusExport.objects.filter(pk=export.pk).delete()[0]
    folder = Path(private_storage.path("exports"))
    for partial in folder.glob("*.part") if folder.is_dir() else []:
        if partial.stat().st_mtime < before.timestamp():
            partial.unlink(missing_ok=True)
    return removed
