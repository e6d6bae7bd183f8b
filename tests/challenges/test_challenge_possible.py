"""Which connection requests get a challenge (challenges.selectors.challenge_possible): recent
invoices of the account with the buyer, and only its own."""

from datetime import date

from tests.challenges.helpers import (
    State,
    Step,
)
from tests.factories import (
    make_buyer,
    make_org,
    make_records,
    make_request,
)
from tickets.models import SupportTicket


def test_two_recent_invoices_make_a_challenge_and_fewer_ask_the_buyer(org, account, member):
    known, little = make_buyer(), make_buyer()
    make_records(known, account, 2)
    make_records(little, account, 1)
    challenged = make_request(org, buyer=known, by=member)
    asked = make_request(org, buyer=little, by=member)
    assert challenged.state == State.CHALLENGE and challenged.challenge.step == Step.INVOICE
    assert not SupportTicket.objects.filter(request=challenged).exists()
    assert asked.state == State.AWAITING_BUYER and asked.ticket.reference


def test_recent_counts_back_from_the_newest_invoice_by_the_setting(org, account, member, settings):
    old_and_new, wide = make_buyer(), make_buyer()
    for buyer in (old_and_new, wide):
        make_records(buyer, account, 1)
        make_records(buyer, account, 1, start=1, invoice_date=date(2023, 1, 1))
    assert make_request(org, buyer=old_and_new, by=member).state == State.AWAITING_BUYER
    settings.CHALLENGE_RECENT_MONTHS = 60
    assert make_request(org, buyer=wide, by=member).state == State.CHALLENGE


def test_another_suppliers_invoices_do_not_count(org, member):
    buyer = make_buyer()
    stranger = make_org("Brightwater Traders").accounts.get()
    stranger.vat_number = "DE136695976"
    stranger.save()
    make_records(buyer, stranger, 5)
    assert make_request(org, buyer=buyer, by=member).state == State.AWAITING_BUYER
