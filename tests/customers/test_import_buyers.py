import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from customers.models import BuyerEntity, BuyerGroup
from tests.factories import make_user

GOOD_AND_BAD = """network_number,legal_name,country,vat_number,ap_contact_name,ap_contact_email,accepts_invoices,accepts_credit_notes,is_test_buyer,groups
AAA474005402,Tungsten Network GmbH,DE,DE 255 790 071,Anna Ap,ap@tungsten.example,yes,yes,no,TUNGSTEN ALL COMPANIES GROUP
AAA443893490,Tungsten Network EOOD,BG,,,,,,,TUNGSTEN ALL COMPANIES GROUP
BAD1,Too Short Number,GB,,,,,,,
AAA100000001,Unknown Country Ltd,XX,,,,,,,
AAA100000002,Bad Mail Ltd,GB,,Bob,not-an-email,,,,
AAA100000003,Bad Vat GmbH,DE,DE123,,,,,,
AAA100000004,,GB,,,,,,,
AAA100000005,Bad Flag Ltd,GB,,,,maybe,,,
AAA206515132,Technical Services Test Buyer 17,MY,,,,true,false,0,Technical Services Test Buyers
"""


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "buyers.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    return path


def run_import(path):
    """Run the command; return (stdout, stderr, error raised)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_buyers", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(raised.value)


def test_it_keeps_good_rows_and_reports_each_bad_row_with_its_line(csv_file, db):
    out, err, error = run_import(csv_file)
    assert "3 created, 0 updated, 0 unchanged, 6 rejected" in out
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"line {n}" for n in range(4, 10)]
    assert "network number" in lines[0].lower()
    assert "country" in lines[1].lower()
    assert "e-mail" in lines[2].lower()
    assert "VAT" in lines[3]
    assert "legal name" in lines[4].lower()
    assert "Use yes or no." in lines[5]
    assert "6 row(s) rejected" in error
    gmbh = BuyerEntity.objects.get(network_number="AAA474005402")
    assert gmbh.vat_number == "DE255790071"
    assert gmbh.ap_contact_email == "ap@tungsten.example"
    malaysia = BuyerEntity.objects.get(network_number="AAA206515132")
    assert (malaysia.accepts_invoices, malaysia.accepts_credit_notes, malaysia.is_test_buyer) == (True, False, False)
    assert set(BuyerGroup.objects.get(name="TUNGSTEN ALL COMPANIES GROUP").entities.values_list("network_number", flat=True)) == {
        "AAA474005402",
        "AAA443893490",
    }


def test_re_importing_the_same_file_changes_nothing(csv_file, db):
    run_import(csv_file)
    before = list(BuyerEntity.objects.order_by("pk").values())
    out, _, _ = run_import(csv_file)
    assert "0 created, 0 updated, 3 unchanged, 6 rejected" in out
    assert list(BuyerEntity.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_entity_by_network_number(csv_file, tmp_path, db):
    run_import(csv_file)
    changed = tmp_path / "changed.csv"
    changed.write_text("network_number,legal_name,country\nAAA474005402,Tungsten Network GmbH (neu),DE\n")
    call_command("import_buyers", str(changed), stdout=__import__("io").StringIO())
    assert BuyerEntity.objects.get(network_number="AAA474005402").legal_name == "Tungsten Network GmbH (neu)"
    assert BuyerEntity.objects.filter(network_number="AAA474005402").count() == 1


def test_missing_columns_reject_the_file(tmp_path, db):
    path = tmp_path / "bad.csv"
    path.write_text("name,country\nAcme,GB\n")
    _, err, _ = run_import(path)
    assert "Missing columns: legal_name, network_number" in err
    assert not BuyerEntity.objects.exclude(is_test_buyer=True).exists()


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path, db):
    path = tmp_path / "latin1.csv"
    path.write_bytes("network_number,legal_name,country\nAAA100000009,Société,FR\n".encode("latin-1"))
    _, err, _ = run_import(path)
    assert "not UTF-8" in err


def test_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_buyers", str(tmp_path / "nope.csv"))


def test_admin_upload_imports_and_reports(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("buyers.csv", GOOD_AND_BAD.encode(), content_type="text/csv")
    response = client.post(reverse("admin:customers_buyerentity_import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "3 created, 0 updated, 0 unchanged, 6 rejected." in page
    assert "Line 4:" in page
    assert BuyerEntity.objects.filter(network_number="AAA474005402").exists()


def test_admin_upload_is_refused_without_permission(client, db):
    client.force_login(make_user(is_staff=True))
    response = client.get(reverse("admin:customers_buyerentity_import"))
    assert response.status_code == 403


def test_the_ap_contacts_language_is_imported_and_checked(tmp_path, db):
    path = tmp_path / "languages.csv"
    path.write_text(
        "network_number,legal_name,country,ap_contact_email,ap_contact_language\n"
        "AAA300000001,Kovo s.r.o.,CZ,ap@kovo.example,cs\n"
        "AAA300000002,Nowhere Ltd,GB,ap@nowhere.example,xx\n",
        encoding="utf-8",
    )
    out, err, error = run_import(path)
    assert BuyerEntity.objects.get(network_number="AAA300000001").ap_contact_language == "cs"
    assert err.startswith("line 3: AP contact language:")
    assert not BuyerEntity.objects.filter(network_number="AAA300000002").exists()
