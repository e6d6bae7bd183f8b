"""The leak of issue 12, end to end through the views: a supplier account must never see another
supplier's invoices by taking its VAT number, its vendor code or its network number after a buyer
verified the account's own."""

import re
from datetime import datetime, timezone

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from connections.models import Relationship
from customers.models import BuyerEntity, BuyerInvoiceRecord
from invoices.models import InvoiceStatus
from invoices.services import loads_refresh
from portal.demo import demo_load
from suppliers.models import SupplierAccount
from tests.factories import make_support_user

TUNGSTEN_LIMITED = "AAA014773592"
ADAMS_GB = "Adams Office Supplies (GB)"
# Just after the demo's records changed (06:00 of the demo's day), so a refresh still sees them.
MORNING = datetime(2026, 11, 30, 6, 30, tzinfo=timezone.utc)
LATER = MORNING.replace(minute=50)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def demo(db, on_commit):
    """The demo world, Adams' invoices at Tungsten Network Limited loaded."""
    with time_machine.travel(MORNING, tick=False), on_commit():
        demo_load()


def _sign_up(client, *, country="CZ", vat_number="CZ00177041"):
    return client.post(
        reverse("suppliers:signup"),
        {
            "organisation_name": "Newcomer s.r.o.",
            "legal_name": "Newcomer s.r.o.",
            "country": country,
            "vat_number": vat_number,
            "username": "newcomer",
            "first_name": "Nora",
            "last_name": "",
            "email": "nora@newcomer.example",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )


def _newcomer_connected(client, on_commit, *, vendor_code="") -> SupplierAccount:
    """Signs up with a Czech account, CONNECTs it to Tungsten Network Limited, and the buyer
    confirms through the e-mailed link."""
    with time_machine.travel(MORNING, tick=False):
        with on_commit():
            assert _sign_up(client).status_code == 302
        [verification] = [m for m in mail.outbox if m.to == ["nora@newcomer.example"]]
        verify = re.search(r"https?://[^/\s]+(/\S+)", verification.body).group(1)
        assert client.get(verify).status_code in (200, 302)
        account = SupplierAccount.objects.get(legal_name="Newcomer s.r.o.")
        mail.outbox.clear()
        with on_commit():
            response = client.post(
                f"{reverse('connections:connect')}?buyer={TUNGSTEN_LIMITED}",
                {"account": account.code, "entities": [TUNGSTEN_LIMITED], "vendor_code": vendor_code, "notes": ""},
            )
        assert response.status_code == 302, response.content
        [to_buyer] = [m for m in mail.outbox if m.to == ["ap.tungsten-network-limited@example.com"]]
        page = re.search(r"https?://[^/\s]+(/buyer/[^/\s]+/)\s", to_buyer.body).group(1)
        with on_commit():
            assert client.post(page, {"answer": "confirm"}).status_code == 200
    return account


def _invoices_after_refresh(client, on_commit, pattern=r"GB\d{7}") -> list[str]:
    """After a refresh: the invoice numbers like `pattern` on the invoice search and on "Where is
    my invoice?" of whoever `client` is."""
    with time_machine.travel(LATER, tick=False), on_commit():
        loads_refresh()
    found = client.get(reverse("invoices:search"), {"q": "GB0000216"}).content.decode()
    listed = client.get(reverse("invoices:status")).content.decode()
    return re.findall(rf"<td>({pattern})</td>", found) + re.findall(rf">({pattern})<", listed)


def _tungsten_records(number_prefix: str, count: int, **identity) -> None:
    buyer = BuyerEntity.objects.get(network_number=TUNGSTEN_LIMITED)
    BuyerInvoiceRecord.objects.bulk_create(
        BuyerInvoiceRecord(
            buyer=buyer, invoice_number=f"{number_prefix}{n:07d}", invoice_date=MORNING.date(), amount=100 + n,
            currency="EUR", status="approved", updated_at=MORNING.replace(minute=40),
            received_at=MORNING.replace(minute=40), **identity,
        )
        for n in range(count)
    )


def _support_client() -> Client:
    support = Client()
    support.force_login(make_support_user())
    return support


def _support_changes(support: Client, account: SupplierAccount, **details):
    url = reverse("admin:suppliers_supplieraccount_change", args=[account.pk])
    data = {"legal_name": account.legal_name, "country": account.country.code, "vat_number": account.vat_number}
    management = {"identity_changes-TOTAL_FORMS": "0", "identity_changes-INITIAL_FORMS": "0"}
    return support.post(url, data | details | management)


def test_a_newcomer_taking_adams_vat_number_is_refused_and_never_sees_adams_invoices(client, demo, on_commit):
    account = _newcomer_connected(client, on_commit)
    response = client.post(
        reverse("suppliers:account-edit", args=[account.code]),
        {"legal_name": "Newcomer s.r.o.", "country": "GB", "vat_number": "GB980780684"},
    )
    assert _invoices_after_refresh(client, on_commit) == []
    account.refresh_from_db()
    assert (account.country.code, account.vat_number) == ("CZ", "CZ00177041")
    assert b'data-testid="identity-locked"' in response.content


def test_support_cannot_give_the_newcomer_adams_vat_number_either(client, demo, on_commit):
    account = _newcomer_connected(client, on_commit)
    response = _support_changes(_support_client(), account, country="GB", vat_number="gb 980 7806 84")
    assert response.status_code == 200
    assert "This VAT number is already registered on the network. If it is yours, ask support." in response.content.decode()
    account.refresh_from_db()
    assert account.vat_number == "CZ00177041"
    assert _invoices_after_refresh(client, on_commit) == []


def test_a_support_change_pauses_the_loads_until_support_confirms_the_new_identity(client, demo, on_commit):
    account = _newcomer_connected(client, on_commit)
    relationship = Relationship.objects.get(account=account, buyer__network_number=TUNGSTEN_LIMITED)
    _tungsten_records("NEW", 2, supplier_vat_number="GB100000034")  # the buyer's records of the new number
    support = _support_client()
    response = _support_changes(support, account, legal_name="Newcomer Ltd", country="GB", vat_number="GB 100 000 034")
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.paused_at is not None
    assert relationship.verified_vat_number == "CZ00177041"
    assert _invoices_after_refresh(client, on_commit, r"(?:GB|NEW)\d{7}") == []
    change = account.identity_changes.get()
    assert (change.old_vat_number, change.new_vat_number, change.old_country, change.new_country) == (
        "CZ00177041", "GB100000034", "CZ", "GB"
    )
    assert (change.old_legal_name, change.new_legal_name, change.relationships_paused) == (
        "Newcomer s.r.o.", "Newcomer Ltd", 1
    )

    with time_machine.travel(LATER, tick=False), on_commit():
        response = support.post(
            reverse("admin:connections_relationship_changelist"),
            {"action": "confirm_identity", "_selected_action": [relationship.pk]},
        )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.paused_at is None
    assert (relationship.verified_vat_number, relationship.verified_how) == ("GB100000034", "support")
    assert sorted(InvoiceStatus.objects.filter(account=account).values_list("invoice_number", flat=True)) == [
        "NEW0000000", "NEW0000001"
    ]
    assert _invoices_after_refresh(client, on_commit) == []


@pytest.mark.parametrize("typed", ["ADAMS-GB", " adams - gb "])
def test_a_vendor_code_another_relationship_verified_never_brings_its_records(client, demo, on_commit, typed):
    """Adams' relationship with Tungsten Network Limited verified the vendor code ADAMS-GB; the
    buyer's records carrying only that code are Adams'."""
    _tungsten_records("VC", 3, vendor_code="ADAMS-GB")
    account = _newcomer_connected(client, on_commit, vendor_code=typed)
    assert _invoices_after_refresh(client, on_commit, r"(?:GB|VC)\d{7}") == []
    relationship = Relationship.objects.get(account=account, buyer__network_number=TUNGSTEN_LIMITED)
    assert (relationship.vendor_code, relationship.verified_vendor_code) == ("ADAMS-GB", "")
    adams = SupplierAccount.objects.get(legal_name=ADAMS_GB)
    assert InvoiceStatus.objects.filter(account=adams, invoice_number__startswith="VC").count() == 3


def test_a_vendor_code_the_buyer_records_for_another_supplier_is_not_verified(client, demo, on_commit):
    """No relationship has BW-77 yet, but the buyer's records with it name Brightwater's VAT number."""
    _tungsten_records("BW", 2, vendor_code="BW-77", supplier_vat_number="GB434031494")
    account = _newcomer_connected(client, on_commit, vendor_code="BW-77")
    assert _invoices_after_refresh(client, on_commit, r"BW\d{7}") == []
    assert Relationship.objects.get(account=account, buyer__network_number=TUNGSTEN_LIMITED).verified_vendor_code == ""


@pytest.mark.parametrize("recorded", ["AAA555000111", "aaa 555 000 111"])
def test_a_network_number_taken_after_verification_never_brings_its_records(client, demo, on_commit, recorded):
    """The buyer's records of a supplier known to it only by network number. Whatever the
    account's network number becomes later, loads follow the one the buyer verified."""
    _tungsten_records("NN", 2, supplier_network_number="AAA555000111")
    account = _newcomer_connected(client, on_commit)
    verified = account.network_number
    client.post(
        reverse("suppliers:account-edit", args=[account.code]),
        {"legal_name": "Newcomer s.r.o.", "country": "CZ", "vat_number": "CZ00177041", "network_number": recorded},
    )
    account.refresh_from_db()
    assert account.network_number == verified  # never editable by its users
    SupplierAccount.objects.filter(pk=account.pk).update(network_number="AAA555000111")  # any other way in
    assert _invoices_after_refresh(client, on_commit, r"NN\d{7}") == []
    relationship = Relationship.objects.get(account=account, buyer__network_number=TUNGSTEN_LIMITED)
    assert relationship.verified_network_number == verified


def test_the_buyer_confirms_the_new_identity_through_its_e_mailed_link(client, demo, on_commit):
    account = _newcomer_connected(client, on_commit)
    relationship = Relationship.objects.get(account=account, buyer__network_number=TUNGSTEN_LIMITED)
    _tungsten_records("NEW", 2, supplier_vat_number="GB100000034")
    mail.outbox.clear()
    with on_commit():
        _support_changes(_support_client(), account, country="GB", vat_number="GB100000034")
    [to_buyer] = mail.outbox
    assert to_buyer.to == ["ap.tungsten-network-limited@example.com"]
    assert "CZ00177041 → GB100000034" in to_buyer.body
    link = re.search(r"https?://[^/\s]+(/buyer/identity/[^/\s]+/)", to_buyer.body).group(1)

    page = client.get(link)
    assert page.status_code == 200 and "GB100000034" in page.content.decode()
    relationship.refresh_from_db()
    assert relationship.paused_at is not None  # a GET (a mail scanner) confirms nothing
    with time_machine.travel(LATER, tick=False), on_commit():
        assert client.post(link).status_code == 200
    relationship.refresh_from_db()
    assert relationship.paused_at is None
    assert (relationship.verified_vat_number, relationship.verified_how, relationship.verified_by_label) == (
        "GB100000034", "buyer", "ap.tungsten-network-limited@example.com"
    )
    assert InvoiceStatus.objects.filter(account=account, invoice_number__startswith="NEW").count() == 2
    assert client.post(link).status_code == 410  # used


def test_a_tampered_identity_link_confirms_nothing(client, db):
    response = client.post(reverse("connections:buyer-identity", kwargs={"token": "not-a-token"}))
    assert response.status_code == 410
