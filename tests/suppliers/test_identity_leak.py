"""The leak of issue 12, end to end through the views: a supplier account that takes another
organisation's identity after a buyer verified its own must never see that organisation's
invoices."""

import re
from datetime import datetime, timezone

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from customers.models import BuyerEntity
from invoices.services import loads_refresh
from portal.demo import demo_load
from suppliers.models import SupplierAccount

TUNGSTEN_LIMITED = "AAA014773592"
ADAMS_INVOICE = "GB0000216"
# Before the demo records' time of change (06:00 of the demo's day), so a refresh sees them.
MORNING = datetime(2026, 11, 30, 6, 30, tzinfo=timezone.utc)


@pytest.fixture
def demo(db):
    with time_machine.travel(MORNING, tick=False):
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


def _connect_and_confirm(client, account, on_commit, *, vendor_code=""):
    """CONNECT to Tungsten Network Limited, then the buyer confirms through the e-mailed link."""
    url = f"{reverse('connections:connect')}?buyer={TUNGSTEN_LIMITED}"
    mail.outbox.clear()
    with on_commit(execute=True):
        response = client.post(
            url, {"account": account.code, "entities": [TUNGSTEN_LIMITED], "vendor_code": vendor_code, "notes": ""}
        )
    assert response.status_code == 302, response.content
    [to_buyer] = [message for message in mail.outbox if message.to == ["ap.tungsten-network-limited@example.com"]]
    page = re.search(r"https?://[^/\s]+(/buyer/[^/\s]+/)\s", to_buyer.body).group(1)
    with on_commit(execute=True):
        assert client.post(page, {"answer": "confirm"}).status_code == 200


def _adams_invoices_seen(client, on_commit) -> list[str]:
    """After a refresh: Adams' invoice numbers on the newcomer's invoice search and "Where is my
    invoice?" (its first page)."""
    with on_commit(execute=True):
        loads_refresh()
    found = client.get(reverse("invoices:search"), {"q": ADAMS_INVOICE}).content.decode()
    listed = client.get(reverse("invoices:status")).content.decode()
    return re.findall(r"<td>(GB\d{7})</td>", found) + re.findall(r">(GB\d{7})<", listed)


def test_a_newcomer_taking_adams_vat_number_never_sees_adams_invoices(client, demo, django_capture_on_commit_callbacks):
    with time_machine.travel(MORNING, tick=False):
        assert _sign_up(client).status_code == 302
        account = SupplierAccount.objects.get(legal_name="Newcomer s.r.o.")
        _connect_and_confirm(client, account, django_capture_on_commit_callbacks)
        response = client.post(
            reverse("suppliers:account-edit", args=[account.code]),
            {"legal_name": "Newcomer s.r.o.", "country": "GB", "vat_number": "GB980780684"},
        )
    with time_machine.travel(MORNING.replace(minute=50), tick=False):
        seen = _adams_invoices_seen(client, django_capture_on_commit_callbacks)
    assert seen == []
    account.refresh_from_db()
    assert account.vat_number == "CZ00177041"
    assert "This VAT number is already registered on the network." in response.content.decode()
