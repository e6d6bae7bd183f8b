"""Bulk writes leave the planner statistics it can use (portal/lib/db.py)."""

import pytest
from django.db import connection

from customers.models import BuyerInvoiceRecord
from customers.services import invoice_records_import
from portal.lib.db import ANALYZE_AFTER_ROWS, statistics_refresh
from tests.factories import make_buyer, make_records


def _rows_known_to_the_planner() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [BuyerInvoiceRecord._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_bulk_write_is_analysed_and_a_small_one_left_to_autovacuum(account):
    make_records(make_buyer(), account, 30)
    statistics_refresh(BuyerInvoiceRecord, rows_written=ANALYZE_AFTER_ROWS - 1)
    assert _rows_known_to_the_planner() != 30
    statistics_refresh(BuyerInvoiceRecord, rows_written=ANALYZE_AFTER_ROWS)
    assert _rows_known_to_the_planner() == 30


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_large_csv_import_of_invoice_records_is_analysed(account, monkeypatch):
    buyer = make_buyer()
    monkeypatch.setattr("portal.lib.db.ANALYZE_AFTER_ROWS", 3)
    content = "buyer_network_number,supplier_vat_number,invoice_number,invoice_date,amount,currency,status\n" + "".join(
        f"{buyer.network_number},{account.vat_number},INV{n},2026-01-0{n},10.00,EUR,approved\n" for n in range(1, 4)
    )
    report = invoice_records_import(content=content.encode())
    assert (report.created, report.errors) == (3, [])
    assert _rows_known_to_the_planner() == 3
