"""The status CSV: asked for on the list, written by a task, fetched from the export's page; as a
spreadsheet in the user's language opens it, filtered exactly as the list (issue 13, items 2 and
15; issue 14: no web request holds a worker while the file is written)."""

import csv
import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from customers.models import BuyerInvoiceRecord
from invoices import exports
from invoices.models import InvoiceStatus, StatusExport
from invoices.services import status_export_write, status_exports_remove
from portal.lib.uploads import private_storage
from tests.factories import make_buyer, make_records, make_relationship, make_status_export

EXPORT = reverse("invoices:status-export")


def _ask(client, language="en", **params):
    """The POST that asks for an export (the filters in the query string, as the list's form
    sends them); the task runs when the request's transaction commits."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(f"{EXPORT}?{query}" if query else EXPORT, HTTP_ACCEPT_LANGUAGE=language)


def _export(client, django_capture_on_commit_callbacks, language="en", **params):
    """The downloaded file's response, after asking for it and the task writing it."""
    with django_capture_on_commit_callbacks(execute=True):
        asked = _ask(client, language, **params)
    assert asked.status_code == 302
    export = StatusExport.objects.get()
    assert asked["Location"] == reverse("invoices:export", kwargs={"export_code": export.code})
    page = client.get(asked["Location"], HTTP_ACCEPT_LANGUAGE=language)
    download = reverse("invoices:export-download", kwargs={"export_code": export.code})
    assert page.status_code == 200 and download in page.content.decode()
    return client.get(download)


def _text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _rows(response, delimiter=","):
    return list(csv.reader(io.StringIO(_text(response).removeprefix("\ufeff")), delimiter=delimiter))


@pytest.fixture
def export_of(member_client, django_capture_on_commit_callbacks):
    def export(language="en", **params):
        return _export(member_client, django_capture_on_commit_callbacks, language, **params)

    return export


def test_an_invalid_filter_refuses_the_export_with_its_error(member_client, mixed):
    response = _ask(member_client, "de", status="paid", amount_min="1,000")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "amount_min" in response.context["form"].errors
    assert not StatusExport.objects.exists()


def test_an_unreadable_date_refuses_the_export_too(member_client, mixed):
    response = _ask(member_client, status="paid", date_to="2026-02-30")
    assert response.status_code == 400 and "date_to" in response.context["form"].errors


def test_the_export_has_the_rows_of_the_valid_filters(export_of, mixed):
    assert len(_rows(export_of(status="paid"))) == 1 + 13
    StatusExport.objects.all().delete()
    assert len(_rows(export_of(status="paid", amount_min="1,000"))) == 1 + 6


def test_it_starts_with_a_bom_and_names_columns_in_the_users_language(export_of, mixed):
    text = _text(export_of("fr", status="paid"))
    assert text.startswith("\ufeff")
    header = text.removeprefix("\ufeff").splitlines()[0].split(";")
    assert header[0] == "Numéro de facture" and "Statut" in header
    assert "Réclamations Dupont SA" in text  # UTF-8, which the BOM tells Excel


@pytest.mark.parametrize(
    "language,delimiter,amount,credit_note",
    [
        ("en", ",", "1500.00", "-200.00"),
        ("de", ";", "1500,00", "-200,00"),
        ("fr", ";", "1500,00", "-200,00"),
        ("cs", ";", "1500,00", "-200,00"),
        ("pl", ";", "1500,00", "-200,00"),
        ("hu", ";", "1500,00", "-200,00"),
    ],
)
def test_separator_and_amounts_are_the_locales_spreadsheets(export_of, mixed, language, delimiter, amount, credit_note):
    rows = _rows(export_of(language, status="paid"), delimiter)
    assert all(len(row) == 12 for row in rows)
    amounts = {row[4] for row in rows[1:]}
    assert amount in amounts and credit_note in amounts  # a negative number is never quoted as a formula


def test_statuses_are_in_the_same_language_as_the_column_names(export_of, mixed):
    rows = _rows(export_of("de", status="paid"), ";")
    assert rows[0][6] == "Status" and {row[6] for row in rows[1:]} == {"Bezahlt"}


@time_machine.travel("2026-11-25 10:00Z")
def test_the_file_is_named_for_the_account_and_the_day(export_of, account, mixed):
    disposition = export_of()["Content-Disposition"]
    assert disposition == f'attachment; filename="invoice-statuses-{account.network_number}-2026-11-25.csv"'


def test_text_that_a_spreadsheet_would_run_is_neutralised(export_of, mixed):
    BuyerInvoiceRecord.objects.filter(invoice_number="INV0000400").update(reason="=cmd()")
    InvoiceStatus.objects.filter(invoice_number="INV0000400").update(reason="=cmd()", po_number="@SUM(A1)")
    [row] = [row for row in _rows(export_of(status="approved")) if row[0] == "INV0000400"]
    assert row[9] == "'=cmd()" and row[7] == "'@SUM(A1)"


def test_the_request_only_asks_the_page_shows_progress_until_the_file_is_written(member_client, mixed):
    asked = _ask(member_client, status="paid")  # on-commit callbacks not run: the task has not run
    export = StatusExport.objects.get()
    assert export.state == StatusExport.State.QUEUED and not export.file
    page = member_client.get(asked["Location"])
    assert 'hx-trigger="every 2s"' in page.content.decode() and "Download CSV" not in page.content.decode()
    download = reverse("invoices:export-download", kwargs={"export_code": export.code})
    assert member_client.get(download).status_code == 404
    status_export_write(export_id=export.pk)
    fragment = member_client.get(asked["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in fragment and download in fragment and "<html" not in fragment
    assert member_client.get(download).status_code == 200


def test_a_read_only_member_may_export(read_only_client, mixed, django_capture_on_commit_callbacks):
    assert len(_rows(_export(read_only_client, django_capture_on_commit_callbacks, status="paid"))) == 1 + 13


def test_another_organisation_gets_404_for_the_page_and_the_file(outsider_client, org):
    export = make_status_export(org)
    for name in ("invoices:export", "invoices:export-download"):
        assert outsider_client.get(reverse(name, kwargs={"export_code": export.code})).status_code == 404


def test_asking_by_get_is_refused(member_client, mixed):
    assert member_client.get(EXPORT).status_code == 405
    assert not StatusExport.objects.exists()


def test_many_rows_are_written_in_chunks_each_once_newest_first(member_client, account, monkeypatch, django_capture_on_commit_callbacks):
    """More rows than several chunks, many on the same day: the keyset reads (invoice date, id)
    lose or repeat none at the chunks' edges."""
    monkeypatch.setattr(exports, "CHUNK_ROWS", 7)
    buyer = make_buyer("Keyset Ltd")
    make_records(buyer, account, 600)  # 300 invoice dates, two rows on each
    with django_capture_on_commit_callbacks(execute=True):
        make_relationship(account, buyer)
    rows = _rows(_export(member_client, django_capture_on_commit_callbacks))[1:]
    assert sorted(row[0] for row in rows) == sorted(f"INV{n:07d}" for n in range(600))
    assert [row[3] for row in rows] == sorted((row[3] for row in rows), reverse=True)
    export = StatusExport.objects.get()
    assert export.state == StatusExport.State.READY and export.rows_done == export.rows_total == 600


def test_writing_again_changes_nothing(member_client, mixed, django_capture_on_commit_callbacks):
    first = _text(_export(member_client, django_capture_on_commit_callbacks, status="paid"))
    export = StatusExport.objects.get()
    status_export_write(export_id=export.pk)  # a duplicate message
    export.state = StatusExport.State.RUNNING  # a worker that died after writing, before recording it
    export.save()
    status_export_write(export_id=export.pk)
    download = reverse("invoices:export-download", kwargs={"export_code": export.code})
    assert _text(member_client.get(download)) == first
    assert sorted(path.name for path in Path(private_storage.path("exports")).iterdir()) == [f"{export.code}.csv"]


def test_old_exports_are_removed_with_their_files(org):
    old, recent = make_status_export(org), make_status_export(org)
    StatusExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert status_exports_remove() == 1
    assert list(StatusExport.objects.all()) == [recent]
    assert not private_storage.exists(old.file.name) and private_storage.exists(recent.file.name)


def test_parts_a_killed_worker_left_are_removed_after_a_day(org):
    folder = Path(private_storage.path("exports"))
    folder.mkdir(parents=True)
    old, fresh = folder / "a.csv.1.part", folder / "b.csv.2.part"
    old.write_text("half a file")
    fresh.write_text("being written")
    day_ago = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    os.utime(old, (day_ago, day_ago))
    status_exports_remove()
    assert not old.exists() and fresh.exists()
