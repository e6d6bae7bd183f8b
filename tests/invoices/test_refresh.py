"""The incremental refresh loads every record the portal received since the last load, whatever
time of change the buyer's source gave it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from customers.models import BuyerInvoiceRecord
from customers.services import invoice_records_import
from customers.synthetic import invoice_records_load
from invoices.models import InvoiceStatus, LoadRun
from invoices.services import loads_refresh
from tests.factories import make_buyer, make_records, make_relationship, make_support_user

HEADER = "buyer_network_number,supplier_vat_number,invoice_number,invoice_date,amount,currency,status,updated_at\n"


@pytest.fixture
def buyer(db):
    return make_buyer("Tungsten Network Limited", country="GB")


@pytest.fixture
def relationship(account, buyer, django_capture_on_commit_callbacks):
    """Connected two hours ago to 20 records received two hours before that."""
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=4), tick=False):
        make_records(buyer, account, 20, updated_at=now - timedelta(days=30))
    with time_machine.travel(now - timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return make_relationship(account, buyer)


def _refresh(django_capture_on_commit_callbacks) -> LoadRun:
    with django_capture_on_commit_callbacks(execute=True):
        assert loads_refresh() == 1
    return LoadRun.objects.latest("pk")


def _csv_row(buyer, account, number, status, updated_at) -> str:
    return f"{buyer.network_number},{account.vat_number},{number},2026-10-01,120.00,EUR,{status},{updated_at.isoformat()}\n"


def test_a_record_imported_now_with_a_three_days_old_time_of_change_is_loaded(
    account, buyer, relationship, django_capture_on_commit_callbacks
):
    three_days_ago = timezone.now() - timedelta(days=3)
    invoice_records_import(content=(HEADER + _csv_row(buyer, account, "LATE-1", "approved", three_days_ago)).encode())
    run = _refresh(django_capture_on_commit_callbacks)
    assert InvoiceStatus.objects.get(account=account, invoice_number="LATE-1").status == "approved"
    assert run.rows_total == 1  # only what arrived since the last load


def test_a_record_changed_by_a_new_import_with_an_old_but_newer_time_of_change_is_loaded(
    account, buyer, relationship, django_capture_on_commit_callbacks
):
    record = BuyerInvoiceRecord.objects.get(invoice_number="INV0000003")
    newer_but_old = record.updated_at + timedelta(days=1)
    invoice_records_import(content=(HEADER + _csv_row(buyer, account, "INV0000003", "paid", newer_but_old)).encode())
    _refresh(django_capture_on_commit_callbacks)
    assert InvoiceStatus.objects.get(account=account, invoice_number="INV0000003").status == "paid"


def test_records_bulk_loaded_with_old_times_of_change_are_loaded(
    account, buyer, relationship, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(days=400)
    row = (buyer.pk, account.vat_number, "BULK-1", date(2025, 10, 1), "99.00", "EUR", "", "approved", None, "", None, "", long_ago)
    invoice_records_load(iter([row]))
    run = _refresh(django_capture_on_commit_callbacks)
    assert InvoiceStatus.objects.filter(account=account, invoice_number="BULK-1").exists()
    assert run.rows_total == 1


def test_a_record_support_edits_in_admin_is_loaded(
    client, account, buyer, relationship, django_capture_on_commit_callbacks
):
    record = BuyerInvoiceRecord.objects.get(invoice_number="INV0000004")
    support = make_support_user()
    support.is_superuser = True
    support.save()
    client.force_login(support)
    url = reverse("admin:customers_buyerinvoicerecord_change", args=[record.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        buyer=buyer.pk, status="on_hold", reason="Price check",
        updated_at_0=(record.updated_at + timedelta(days=1)).date().isoformat(), updated_at_1="06:00:00",
    )
    assert client.post(url, data).status_code == 302
    _refresh(django_capture_on_commit_callbacks)
    assert InvoiceStatus.objects.get(account=account, invoice_number="INV0000004").status == "on_hold"
