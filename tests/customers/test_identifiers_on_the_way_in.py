"""Identifiers written many ways (issue 13, item 5): every path normalises them once on the way in
(portal.lib.identifiers), so a buyer's records reach the supplier they name however they were typed."""

import pytest
from django.apps import apps
from django.urls import reverse

from connections.models import ConnectionRequest, Relationship
from customers.models import BuyerEntity, BuyerInvoiceRecord
from customers.selectors import directory_search
from customers.services import buyers_import, invoice_records_import
from invoices.models import InvoiceStatus
from suppliers.models import SupplierAccount
from suppliers.services import supplier_account_create
from tests.factories import make_buyer, make_org, make_relationship, make_request

HEADER = "buyer_network_number,supplier_vat_number,supplier_network_number,vendor_code,invoice_number,invoice_date,amount,currency,status\n"


@pytest.fixture
def adams(db):
    """The supplier account whose VAT number is GB980780684."""
    return supplier_account_create(org=make_org("Adams"), legal_name="Adams (GB)", country="GB", vat_number="GB980780684")


@pytest.fixture
def buyer(db):
    return make_buyer("Tungsten Network Limited", network_number="AAA014773592")


def _import(rows: str):
    report = invoice_records_import(content=(HEADER + rows).encode())
    assert report.errors == []
    return report


def _loaded(account, buyer, on_commit, **relationship) -> list[str]:
    with on_commit(execute=True):
        make_relationship(account, buyer, **relationship)
    return sorted(InvoiceStatus.objects.filter(account=account).values_list("invoice_number", flat=True))


@pytest.mark.parametrize("written", ["GB 980 7806 84", "gb980780684", "GB980780684"])
def test_records_reach_the_supplier_however_its_vat_number_was_written(
    adams, buyer, written, django_capture_on_commit_callbacks
):
    _import(f'AAA014773592,"{written}",,,INV-1,2026-10-01,10.00,EUR,approved\n')
    assert BuyerInvoiceRecord.objects.get().supplier_vat_number == "GB980780684"
    assert _loaded(adams, buyer, django_capture_on_commit_callbacks) == ["INV-1"]


def test_one_invoice_written_two_ways_is_one_record(adams, buyer):
    _import("AAA014773592,GB 980 7806 84,,,INV-1,2026-10-01,10.00,EUR,approved\n")
    report = _import("AAA014773592,gb980780684,,,INV-1,2026-10-01,10.00,EUR,paid\n")
    assert (report.created, report.updated) == (0, 1)
    assert BuyerInvoiceRecord.objects.get().status == "paid"


def test_a_network_number_in_lower_case_with_spaces(adams, buyer, django_capture_on_commit_callbacks):
    spaced = " ".join([adams.network_number[:3].lower(), adams.network_number[3:6], adams.network_number[6:]])
    _import(f"aaa 014 773 592,,{spaced},,INV-2,2026-10-01,10.00,EUR,approved\n")
    assert BuyerInvoiceRecord.objects.get().supplier_network_number == adams.network_number
    assert _loaded(adams, buyer, django_capture_on_commit_callbacks) == ["INV-2"]


def test_a_vendor_code_with_stray_spaces(adams, buyer, django_capture_on_commit_callbacks):
    _import('AAA014773592,,,"  ad 77-gb ",INV-3,2026-10-01,10.00,EUR,approved\n')
    assert BuyerInvoiceRecord.objects.get().vendor_code == "AD77-GB"
    assert _loaded(adams, buyer, django_capture_on_commit_callbacks, vendor_code="AD77-GB") == ["INV-3"]


def test_the_buyer_import_normalises_network_and_vat_numbers(db):
    content = "network_number,legal_name,country,vat_number\naaa 700 000 001,Müller GmbH,DE,de 255.790.071\n"
    report = buyers_import(content=content.encode())
    assert report.errors == []
    assert BuyerEntity.objects.filter(network_number="AAA700000001", vat_number="DE255790071").exists()


def test_admin_saves_normalise_the_directory_and_the_records(admin_client, buyer):
    response = admin_client.post(
        reverse("admin:customers_buyerentity_add"),
        {"network_number": "aaa 700 000 002", "legal_name": "Brněnská a.s.", "country": "CZ",
         "vat_number": "cz 00177041", "accepts_invoices": "on", "accepts_credit_notes": "on"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert BuyerEntity.objects.filter(network_number="AAA700000002", vat_number="CZ00177041").exists()
    response = admin_client.post(
        reverse("admin:customers_buyerinvoicerecord_add"),
        {"buyer": buyer.pk, "supplier_vat_number": "gb 980 7806 84", "supplier_network_number": "",
         "vendor_code": " ad 77 ", "invoice_number": "INV-9", "invoice_date": "2026-10-01", "amount": "10",
         "currency": "EUR", "status": "approved", "updated_at_0": "2026-10-01", "updated_at_1": "10:00"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = BuyerInvoiceRecord.objects.get(invoice_number="INV-9")
    assert (record.supplier_vat_number, record.vendor_code) == ("GB980780684", "AD77")


@pytest.mark.parametrize("typed", ["aaa 014 773 592", "Aaa-014-773-592", "gb 177 907 267", "el 094259216"])
def test_the_directory_finds_numbers_however_typed(db, typed):
    make_buyer("Tungsten Network Limited", country="GB", network_number="AAA014773592", vat_number="GB177907267")
    make_buyer("Ελληνική Α.Ε.", country="GR", vat_number="EL094259216")
    assert len(directory_search(typed)) == 1


def test_the_connect_form_stores_the_vendor_code_normalised(member_client, account, buyer):
    member_client.post(
        f"{reverse('connections:connect')}?buyer=aaa014773592",
        {"account": account.code, "entities": ["AAA014773592"], "vendor_code": "  ad 77 gb ", "notes": ""},
    )
    assert ConnectionRequest.objects.get(account=account).vendor_code == "AD77GB"


def test_the_migration_normalises_what_is_stored_and_records_what_relationships_matched(adams, buyer, org, member):
    """connections 0004, run on rows written before normalisation."""
    from importlib import import_module

    migration = import_module("connections.migrations.0004_identities_normalise_and_verify")
    relationship = make_relationship(adams, buyer)
    Relationship.objects.filter(pk=relationship.pk).update(
        vendor_code=" ad 77 ", verified_vat_number="", verified_network_number="", verified_vendor_code=""
    )
    request = make_request(org, by=member)
    ConnectionRequest.objects.filter(pk=request.pk).update(vendor_code="v 9")
    SupplierAccount.objects.filter(pk=adams.pk).update(vat_number="gb 980 7806 84")
    BuyerEntity.objects.filter(pk=buyer.pk).update(network_number="aaa014773592", vat_number="GB 177 907 267")
    common = {"buyer": buyer, "invoice_date": "2026-10-01", "amount": 1, "currency": "EUR", "status": "approved"}
    BuyerInvoiceRecord.objects.create(invoice_number="A", supplier_vat_number="gb 980 7806 84", updated_at="2026-10-02T00:00Z", **common)
    BuyerInvoiceRecord.objects.create(invoice_number="A", supplier_vat_number="GB980780684", updated_at="2026-10-01T00:00Z", **common)
    BuyerInvoiceRecord.objects.create(invoice_number="B", vendor_code=" ad 77 ", updated_at="2026-10-01T00:00Z", **common)

    migration.forward(apps, None)

    adams.refresh_from_db()
    buyer.refresh_from_db()
    assert adams.vat_number == "GB980780684"
    assert (buyer.network_number, buyer.vat_number) == ("AAA014773592", "GB177907267")
    newer = BuyerInvoiceRecord.objects.get(invoice_number="A")  # the two spellings merged, the newer kept
    assert (newer.supplier_vat_number, newer.updated_at.day) == ("GB980780684", 2)
    assert BuyerInvoiceRecord.objects.get(invoice_number="B").vendor_code == "AD77"
    relationship.refresh_from_db()
    assert relationship.verified_identities() == {
        "supplier_vat_number": "GB980780684",
        "supplier_network_number": adams.network_number,
        "vendor_code": "AD77",
    }
    request.refresh_from_db()
    assert request.vendor_code == "V9"
    test_buyers = Relationship.objects.filter(buyer__is_test_buyer=True)
    assert not test_buyers.exclude(verified_vat_number="", verified_network_number="").exists()
