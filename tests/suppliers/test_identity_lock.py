"""Once a real buyer knows an account (a relationship or an open request), its legal name, country
and VAT number are changed only by support; the supplier asks through a ticket."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from connections.services import request_withdraw
from tests.factories import make_buyer, make_relationship, make_request
from tickets.models import SupportTicket


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _edit(client, account):
    return reverse("suppliers:account-edit", args=[account.code])


def test_an_account_known_only_to_the_test_buyer_stays_editable(org_admin_client, account):
    response = org_admin_client.get(_edit(org_admin_client, account))
    assert response.status_code == 200 and "form" in response.context
    assert b'data-testid="identity-locked"' not in response.content


def test_an_open_request_locks_the_identity(org_admin_client, org, member, account):
    make_request(org, by=member)
    response = org_admin_client.get(_edit(org_admin_client, account))
    page = response.content.decode()
    assert 'data-testid="identity-locked"' in page
    assert account.vat_number in page and account.network_number in page
    assert reverse("tickets:account-ask-support", args=[account.code]) in page
    assert 'name="legal_name"' not in page and 'name="vat_number"' not in page


def test_a_withdrawn_request_unlocks_it_again(org_admin_client, org, member, account):
    request_withdraw(req=make_request(org, by=member), by=member)
    assert b'data-testid="identity-locked"' not in org_admin_client.get(_edit(org_admin_client, account)).content


def test_a_relationship_with_a_real_buyer_locks_it_and_a_post_changes_nothing(org_admin_client, account):
    make_relationship(account, make_buyer())
    response = org_admin_client.post(
        _edit(org_admin_client, account), {"legal_name": "Someone Else Ltd", "country": "DE", "vat_number": "DE255790071"}
    )
    assert response.status_code == 200
    assert b'data-testid="identity-locked"' in response.content
    assert "These details can no longer be changed here." in response.content.decode()
    account.refresh_from_db()
    assert account.legal_name == "Adams Office Supplies Ltd" and account.country.code == "GB"


def test_asking_support_raises_a_ticket_with_reference_and_deadline(org_admin_client, org_admin, account):
    make_relationship(account, make_buyer())
    url = reverse("tickets:account-ask-support", args=[account.code])
    assert org_admin_client.get(url).status_code == 200
    response = org_admin_client.post(url, {"changes": "We moved to Ireland: IE6388047V"}, follow=True)
    ticket = SupportTicket.objects.get(account=account)
    assert (ticket.kind, ticket.is_open) == ("account_details", True)
    assert ticket.messages.get().body == "We moved to Ireland: IE6388047V"
    assert ticket.messages.get().author == org_admin and not ticket.messages.get().from_support
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("tickets:list")
    assert f"reference number {ticket.reference}" in page
    assert page.count(ticket.reference) >= 2  # the message and the list's row
    assert f"{account.legal_name} ({account.network_number})" in page


@pytest.mark.parametrize(
    "language,time_zone,expected",
    [("de", "Europe/Berlin", "bis Dienstag, 1. Dezember 2026, 11:00 CET."), ("cs", "Europe/Prague", "do úterý 1. prosince 2026, 11:00 CET.")],
)
def test_the_answer_by_in_the_message_is_a_date_in_a_sentence_with_its_zone(
    org_admin_client, org_admin, account, language, time_zone, expected
):
    org_admin.time_zone = time_zone
    org_admin.save(update_fields=["time_zone"])
    org_admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    make_relationship(account, make_buyer())
    url = reverse("tickets:account-ask-support", args=[account.code])
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=UTC)):  # Friday 10:00 in London: Tuesday 10:00
        response = org_admin_client.post(url, {"changes": "New VAT number"}, follow=True)
    assert expected in response.content.decode()


def test_an_empty_ask_is_refused_and_raises_nothing(org_admin_client, account):
    url = reverse("tickets:account-ask-support", args=[account.code])
    response = org_admin_client.post(url, {"changes": "   "})
    assert response.status_code == 200 and response.context["form"].errors["changes"]
    assert not SupportTicket.objects.exists()


def test_support_answers_an_account_ticket_by_e_mail_and_resolves_it(
    client, member, account, django_capture_on_commit_callbacks
):
    from tickets.services import ticket_account_details_open
    from tests.factories import make_support_user

    ticket = ticket_account_details_open(account=account, by=member, body="New VAT number, please")
    client.force_login(make_support_user())
    changelist = reverse("admin:tickets_supportticket_changelist")
    assert ticket.reference in client.get(changelist, {"q": account.network_number}).content.decode()
    change = reverse("admin:tickets_supportticket_change", args=[ticket.pk])
    assert account.legal_name in client.get(change).content.decode()
    data = {
        "messages-TOTAL_FORMS": "2", "messages-INITIAL_FORMS": "1", "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000", "messages-0-id": ticket.messages.get().pk, "messages-0-ticket": ticket.pk,
        "messages-1-body": "Done: send us the certificate",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, data).status_code == 302
    [sent] = [message for message in mail.outbox if message.to == [member.email]]
    assert "Done: send us the certificate" in sent.body and ticket.reference in sent.subject
    assert reverse("tickets:detail", args=[ticket.code]) in sent.body
    for action in ("confirm", "resolve"):
        client.post(changelist, {"action": action, "_selected_action": [ticket.pk]})
    ticket.refresh_from_db()
    assert not ticket.is_open
