"""The status CSV: as a spreadsheet in the user's language opens it, filtered exactly as the list
(issue 13, items 2 and 15)."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse

from customers.models import BuyerInvoiceRecord
from invoices.models import InvoiceStatus

EXPORT = reverse("invoices:status-export")


def _export(client, language="en", **params):
    return client.get(EXPORT, params, HTTP_ACCEPT_LANGUAGE=language)


def _text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _rows(response, delimiter=","):
    return list(csv.reader(io.StringIO(_text(response).removeprefix("\ufeff")), delimiter=delimiter))


def test_an_invalid_filter_refuses_the_export_with_its_error(member_client, mixed):
    response = _export(member_client, "de", status="paid", amount_min="1,000")
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"].startswith("text/html")
    assert "amount_min" in response.context["form"].errors


def test_an_unreadable_date_refuses_the_export_too(member_client, mixed):
    response = _export(member_client, status="paid", date_to="2026-02-30")
    assert response.status_code == 400 and "date_to" in response.context["form"].errors


def test_the_export_has_the_rows_of_the_valid_filters(member_client, mixed):
    assert len(_rows(_export(member_client, status="paid"))) == 1 + 13
    assert len(_rows(_export(member_client, status="paid", amount_min="1,000"))) == 1 + 6


def test_it_starts_with_a_bom_and_names_columns_in_the_users_language(member_client, mixed):
    text = _text(_export(member_client, "fr", status="paid"))
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
def test_separator_and_amounts_are_the_locales_spreadsheets(member_client, mixed, language, delimiter, amount, credit_note):
    rows = _rows(_export(member_client, language, status="paid"), delimiter)
    assert all(len(row) == 12 for row in rows)
    amounts = {row[4] for row in rows[1:]}
    assert amount in amounts and credit_note in amounts  # a negative number is never quoted as a formula


def test_statuses_are_in_the_same_language_as_the_column_names(member_client, mixed):
    rows = _rows(_export(member_client, "de", status="paid"), ";")
    assert rows[0][6] == "Status" and {row[6] for row in rows[1:]} == {"Bezahlt"}


@time_machine.travel("2026-11-25 10:00Z")
def test_the_file_is_named_for_the_account_and_the_day(member_client, account, mixed):
    disposition = _export(member_client)["Content-Disposition"]
    assert disposition == f'attachment; filename="invoice-statuses-{account.network_number}-2026-11-25.csv"'


def test_text_that_a_spreadsheet_would_run_is_neutralised(member_client, mixed):
    BuyerInvoiceRecord.objects.filter(invoice_number="INV0000400").update(reason="=cmd()")
    InvoiceStatus.objects.filter(invoice_number="INV0000400").update(reason="=cmd()", po_number="@SUM(A1)")
    [row] = [row for row in _rows(_export(member_client, status="approved")) if row[0] == "INV0000400"]
    assert row[9] == "'=cmd()" and row[7] == "'@SUM(A1)"
