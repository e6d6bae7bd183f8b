import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from customers.models import BuyerInvoiceRecord
from tests.factories import make_buyer, make_user

CSV = """buyer_network_number,supplier_vat_number,supplier_network_number,vendor_code,invoice_number,invoice_date,amount,currency,po_number,status,due_date,reason,payment_date,payment_reference,updated_at
AAA168149359,IT00743110157,,,TNA9322,2015-08-10,4508.00,eur,,paid,,,2015-09-09,PAY-1,2015-11-01T00:00:00Z
AAA168149359,IT00743110157,,,TNA9323,2015-08-24,1250.00,EUR,PO1,approved,2015-09-30,,,,
AAA000000000,IT00743110157,,,TNA1,2015-08-24,1.00,EUR,,paid,,,,,
AAA168149359,,,,TNA2,2015-08-24,1.00,EUR,,paid,,,,,
AAA168149359,IT00743110157,,,TNA3,24/08/2015,lots,EUR,,late,,,,,
"""


@pytest.fixture
def csv_file(tmp_path, db):
    make_buyer("Demonstration Example Buyer", network_number="AAA168149359")
    path = tmp_path / "records.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_good_rows_are_kept_and_each_bad_one_reported(csv_file, capsys):
    with pytest.raises(CommandError):
        call_command("import_buyer_invoices", str(csv_file))
    err = capsys.readouterr().err
    assert "line 4: Buyer network number: No buyer has this network number." in err
    assert "line 5:" in err and "VAT number, network number or vendor code" in err
    assert "line 6: Invoice date: Enter a valid date.; Gross amount: Enter a number.; Status: Select a valid choice." in err
    paid = BuyerInvoiceRecord.objects.get(invoice_number="TNA9322")
    assert (paid.currency, str(paid.amount), paid.payment_reference) == ("EUR", "4508.00", "PAY-1")
    assert BuyerInvoiceRecord.objects.count() == 2


def test_importing_again_changes_nothing(csv_file, capsys):
    for _ in range(2):
        with pytest.raises(CommandError):
            call_command("import_buyer_invoices", str(csv_file))
    assert "0 created, 0 updated, 2 unchanged, 3 rejected" in capsys.readouterr().out


def test_support_uploads_records_in_admin(client, csv_file):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:customers_buyerinvoicerecord_import")
    assert b"Import CSV" in client.get(reverse("admin:customers_buyerinvoicerecord_changelist")).content
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", CSV.encode())}, follow=True)
    assert "2 created, 0 updated, 0 unchanged, 3 rejected." in response.content.decode()
