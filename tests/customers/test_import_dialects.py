"""Both CSV imports, by command and in admin, read files as spreadsheets save them, or refuse the
whole file with a clear message and write nothing."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from customers.models import BuyerEntity, BuyerInvoiceRecord
from tests.factories import make_buyer, make_user

BUYER = "AAA168149359"
RECORDS_HEADER = ["buyer_network_number", "supplier_vat_number", "invoice_number", "invoice_date", "amount", "currency", "status", "reason"]
RECORDS = [
    [BUYER, "IT00743110157", "TNA9322", "2015-08-10", "4508.00", "EUR", "paid", ""],
    [BUYER, "IT00743110157", "TNA9323", "2015-08-24", "1250.00", "EUR", "on_hold", "Price check"],
]
BUYERS_HEADER = ["network_number", "legal_name", "country"]
BUYERS = [["AAA100000011", "Acme Trading", "GB"], ["AAA100000012", "Brno Steel", "CZ"]]


@pytest.fixture(autouse=True)
def in_english():
    """The commands write in the default language, whatever an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def buyer(db):
    return make_buyer("Demonstration Example Buyer", network_number=BUYER)


def _csv(header, rows, *, newline="\n", delimiter=",") -> str:
    return "".join(delimiter.join(cells) + newline for cells in [header, *rows])


def _import(command, content: bytes, tmp_path):
    """Run the command on the file; (stdout, stderr, the CommandError's message or "")."""
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    out, err = StringIO(), StringIO()
    try:
        call_command(command, str(path), stdout=out, stderr=err)
        raised = ""
    except CommandError as error:
        raised = str(error)
    return out.getvalue(), err.getvalue(), raised


def _records():
    return sorted(BuyerInvoiceRecord.objects.values_list("invoice_number", "status", "reason"))


EXPECTED_RECORDS = [("TNA9322", "paid", ""), ("TNA9323", "on_hold", "Price check")]


def test_a_file_with_old_mac_line_endings_imports_its_invoice_records(buyer, tmp_path):
    out, err, raised = _import("import_buyer_invoices", _csv(RECORDS_HEADER, RECORDS, newline="\r").encode(), tmp_path)
    assert (raised, err) == ("", "")
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert _records() == EXPECTED_RECORDS


@pytest.mark.parametrize(
    "content",
    [
        _csv(RECORDS_HEADER, RECORDS, newline="\r\n").encode(),
        _csv(RECORDS_HEADER, RECORDS, newline="\n").encode("utf-8-sig"),
        _csv(RECORDS_HEADER, RECORDS, newline="\r\n", delimiter=";").encode("utf-8-sig"),
        _csv(RECORDS_HEADER, RECORDS, newline="\r\n", delimiter="\t").encode("utf-16"),  # Excel's "Unicode text"
        _csv([f" {name} " for name in RECORDS_HEADER], [[f"  {value} " for value in row] for row in RECORDS], delimiter=";").encode(),
        _csv(RECORDS_HEADER, RECORDS, newline="\r") + "\r\r;;;;;;;\r".replace(";", ","),  # trailing empty rows
    ],
    ids=["crlf", "bom", "semicolon", "utf16-tab", "stray-spaces", "empty-rows"],
)
def test_the_dialects_spreadsheets_write_are_read(buyer, tmp_path, content):
    content = content if isinstance(content, bytes) else content.encode()
    _, err, raised = _import("import_buyer_invoices", content, tmp_path)
    assert (raised, err) == ("", "")
    assert _records() == EXPECTED_RECORDS


def test_quoted_values_keep_their_separators_and_line_breaks(buyer, tmp_path):
    content = (
        "buyer_network_number;supplier_vat_number;invoice_number;invoice_date;amount;currency;status;reason\r\n"
        f'{BUYER};IT00743110157;"TNA;9324";2015-08-10;12.00;EUR;exception;"Quantity differs:\r\n3 ordered; 4 invoiced"\r\n'
        f'{BUYER};IT00743110157;TNA9325;2015-08-11;13.00;EUR;exception;"PO ""7"" unknown"\r\n'
    ).encode()
    _, err, raised = _import("import_buyer_invoices", content, tmp_path)
    assert (raised, err) == ("", "")
    assert _records() == [
        ("TNA9325", "exception", 'PO "7" unknown'),
        ("TNA;9324", "exception", "Quantity differs:\r\n3 ordered; 4 invoiced"),
    ]


def test_the_buyer_import_reads_the_same_dialects(db, tmp_path):
    names = [["AAA100000011", '"Acme, Trading"', "GB"], ["AAA100000012", " Brno Steel ", "CZ"]]
    content = _csv([" Network_Number", "legal_name ", "country"], names, newline="\r", delimiter=",").encode("utf-8-sig")
    _, err, raised = _import("import_buyers", content, tmp_path)
    assert (raised, err) == ("", "")
    assert sorted(BuyerEntity.objects.filter(network_number__startswith="AAA1").values_list("legal_name", flat=True)) == [
        "Acme, Trading",
        "Brno Steel",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        ("\ufeff".encode(), "The file is empty."),
        ("\r\n".encode("utf-16"), "The file is empty."),
        (b"sep=;\r\n", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00 workbook", "This is a spreadsheet workbook, not a CSV file: save it as “CSV UTF-8”"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old workbook", "This is a spreadsheet workbook"),
        (b"network_number,legal_name\x00\x00\x01,country\n", "This is a binary file, not a CSV file"),
        (
            "network_number;legal_name;country\r\nAAA100000011;Société Générale;FR\r\n".encode("cp1252"),
            "line 2: The file is not UTF-8 encoded: save it as “CSV UTF-8”",
        ),
        (b"network_number,legal_name,country\n", "The file has a header but no rows."),
        (b"name,land\nAcme,GB\n", "line 1: Missing columns: country, legal_name, network_number Columns not recognised: name, land"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(db, tmp_path, content, message):
    out, err, raised = _import("import_buyers", content, tmp_path)
    assert message in err
    assert raised == "Nothing was imported: the file was refused."
    assert not BuyerEntity.objects.filter(network_number__startswith="AAA1").exists()


def test_a_broken_quote_refuses_the_whole_file_not_half_of_it(buyer, tmp_path):
    rows = [*RECORDS, [BUYER, "IT00743110157", "TNA9330", "2015-08-24", "1.00", "EUR", "paid", '"unterminated'], *RECORDS]
    _, err, raised = _import("import_buyer_invoices", _csv(RECORDS_HEADER, rows).encode(), tmp_path)
    assert "line 6: The file could not be read as CSV" in err and raised
    assert _records() == []


def test_a_row_with_too_many_values_is_reported_and_the_others_kept(buyer, tmp_path):
    rows = [RECORDS[0], [BUYER, "IT00743110157", "TNA9331", "2015-08-24", "1,000.00", "EUR", "paid", "Late"], RECORDS[1]]
    out, err, raised = _import("import_buyer_invoices", _csv(RECORDS_HEADER, rows).encode(), tmp_path)
    assert "line 3: This row has 9 values but the header has 8 columns" in err
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert _records() == EXPECTED_RECORDS


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_the_admin_imports_a_file_with_old_mac_line_endings(admin_client, buyer):
    upload = SimpleUploadedFile("r.csv", _csv(RECORDS_HEADER, RECORDS, newline="\r").encode())
    response = admin_client.post(reverse("admin:customers_buyerinvoicerecord_import"), {"file": upload}, follow=True)
    assert "2 created, 0 updated, 0 unchanged, 0 rejected." in response.content.decode()
    assert _records() == EXPECTED_RECORDS


def test_the_admin_shows_why_a_file_was_refused_on_the_form(admin_client, db):
    upload = SimpleUploadedFile("b.csv", "network_number,legal_name,country\nAAA100000011,Café,FR\n".encode("latin-1"))
    response = admin_client.post(reverse("admin:customers_buyerentity_import"), {"file": upload})
    assert response.status_code == 200
    assert "Nothing was imported. Line 2: The file is not UTF-8 encoded" in response.content.decode()
    assert not BuyerEntity.objects.filter(network_number="AAA100000011").exists()


def test_excel_s_separator_line_names_the_separator(buyer, tmp_path):
    content = "sep=|\r\n" + _csv(RECORDS_HEADER, RECORDS, newline="\r\n", delimiter="|")
    _, err, raised = _import("import_buyer_invoices", content.encode(), tmp_path)
    assert (raised, err) == ("", "")
    assert _records() == EXPECTED_RECORDS


def test_a_bad_row_spanning_lines_is_reported_at_the_line_it_starts_on(buyer, tmp_path):
    content = _csv(RECORDS_HEADER, RECORDS) + f'{BUYER},IT00743110157,TNA9340,2015-08-24,1.00,EUR,late,"two\nlines"\n'
    _, err, _ = _import("import_buyer_invoices", content.encode(), tmp_path)
    assert err == "line 4: Status: Select a valid choice. late is not one of the available choices.\n"
    assert _records() == EXPECTED_RECORDS
