"""The three-step invoice challenge (Scenario 2), through its pages and services."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils.formats import date_format

from challenges.models import Challenge, ChallengeAttempt
from challenges.services import ANSWERS_PER_HOUR, MAX_WRONG_ANSWERS
from connections.models import ConnectionRequest, Relationship
from customers.models import BuyerGroup, BuyerInvoiceRecord
from invoices.models import InvoiceStatus, LoadRun
from tests.factories import (
    make_buyer,
    make_challenge,
    make_org,
    make_records,
    make_request,
    make_support_user,
    make_user,
)
from tests.locks import until_another_connection_waits_for_a_lock
from tickets.models import SupportTicket

State = ConnectionRequest.State
Step = Challenge.Step
NO_MATCH = "The details do not match our records."
# make_records: invoice n is INV000000n, dated 1 October 2026 minus n days, for 100 + n EUR.
RIGHT = {"number": "INV0000002", "invoice_date": "29/09/2026", "amount": "102"}


def _url(challenge, *request_codes):
    url = reverse("challenges:activate", kwargs={"challenge_code": challenge.code})
    return url + ("?" + "&".join(f"r={code}" for code in request_codes) if request_codes else "")


def _give_up_url(challenge):
    return reverse("challenges:give-up", kwargs={"challenge_code": challenge.code})


def _record_answer(record: BuyerInvoiceRecord) -> dict:
    return {"invoice_date": record.invoice_date.strftime("%d/%m/%Y"), "amount": str(record.amount)}


def _fresh(challenge) -> Challenge:
    return Challenge.objects.select_related("request", "challenged_record").get(pk=challenge.pk)


@pytest.fixture
def challenge(org, member):
    return make_challenge(org, buyer=make_buyer("Demonstration Example Buyer"), by=member)


def _pass_step_one(client, challenge) -> Challenge:
    response = client.post(_url(challenge), RIGHT)
    assert response.status_code == 302
    return _fresh(challenge)


# When

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


def test_connect_leads_to_step_one_with_the_workflow_beside_it(member_client, account):
    buyer = make_buyer("Demonstration Example Buyer")
    make_records(buyer, account, 3)
    response = member_client.post(
        f"{reverse('connections:connect')}?buyer={buyer.network_number}",
        {"account": account.code, "entities": [buyer.network_number]},
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(_url(challenge))
    page = member_client.get(response["Location"]).content.decode()
    assert "Activate your buyer" in page
    assert "before you can access invoice data for Demonstration Example Buyer." in page
    assert "Activation workflow" in page and "Step 1. Please provide the details of a recent invoice." in page
    assert 'active" aria-current="step">\n        <strong>Enter an invoice' in page
    assert reverse("challenges:give-up", kwargs={"challenge_code": challenge.code}) in page


# Step 1

def test_step_one_right_shows_another_invoice_to_answer(member_client, challenge):
    response = member_client.post(_url(challenge), {**RIGHT, "number": "  inv0000002 "})
    assert response.status_code == 302
    challenge = _fresh(challenge)
    assert challenge.step == Step.CHALLENGE and challenge.wrong_answers == 0
    assert challenge.challenged_record.invoice_number != "INV0000002"
    page = member_client.get(response["Location"]).content.decode()
    assert "Step 2. Please provide the date and amount of this invoice." in page
    assert f'<strong id="challenged-invoice">{challenge.challenged_record.invoice_number}</strong>' in page


@pytest.mark.parametrize(
    "wrong",
    [{"number": "INV0000099"}, {"invoice_date": "28/09/2026"}, {"amount": "102.01"}],
    ids=["number", "date", "amount"],
)
def test_a_wrong_field_says_only_that_the_details_do_not_match(member_client, challenge, wrong):
    response = member_client.post(_url(challenge), RIGHT | wrong)
    page = response.content.decode()
    assert response.status_code == 200 and NO_MATCH in page
    assert response.context["form"].errors == {"__all__": [NO_MATCH]}
    others = BuyerInvoiceRecord.objects.exclude(invoice_number=RIGHT["number"])
    assert not any(record.invoice_number in page for record in others)
    challenge = _fresh(challenge)
    assert challenge.step == Step.INVOICE and challenge.wrong_answers == 1


def test_a_badly_written_date_or_amount_is_a_form_error_not_a_wrong_answer(member_client, challenge):
    response = member_client.post(_url(challenge), RIGHT | {"invoice_date": "2026/29/09", "amount": "1O2"})
    form = response.context["form"]
    assert set(form.errors) == {"invoice_date", "amount"}
    assert "10/08/2015" in str(form.errors["invoice_date"]) and "4,508.00" in str(form.errors["amount"])
    assert _fresh(challenge).wrong_answers == 0 and not ChallengeAttempt.objects.exists()


def test_dates_and_amounts_follow_the_users_language(member_client, challenge):
    member_client.cookies["django_language"] = "de"
    response = member_client.post(_url(challenge), {"number": "INV0000002", "invoice_date": "29.09.2026", "amount": "102,00"})
    assert response.status_code == 302 and _fresh(challenge).step == Step.CHALLENGE


# Step 2 and completion

def test_step_two_right_connects_and_loads_the_invoices_once(
    member_client, challenge, django_capture_on_commit_callbacks
):
    challenge = _pass_step_one(member_client, challenge)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_url(challenge), _record_answer(challenge.challenged_record))
    assert response.status_code == 302
    challenge = _fresh(challenge)
    assert challenge.step == Step.PASSED and challenge.request.state == State.ACTIVE
    assert Relationship.objects.filter(account=challenge.request.account, buyer=challenge.request.buyer).count() == 1
    [run] = LoadRun.objects.filter(relationship__buyer=challenge.request.buyer)
    assert run.state == LoadRun.State.FINISHED
    assert InvoiceStatus.objects.filter(account=challenge.request.account).count() == 5
    page = member_client.get(response["Location"]).content.decode()
    assert "Step 3. Complete" in page and "is now connected to" in page
    assert reverse("connections:relationships") in page


def test_step_two_wrong_keeps_the_same_invoice(member_client, challenge):
    challenge = _pass_step_one(member_client, challenge)
    shown = challenge.challenged_record
    response = member_client.post(_url(challenge), {"invoice_date": "01/01/2020", "amount": "1"})
    page = response.content.decode()
    assert NO_MATCH in page
    assert date_format(shown.invoice_date, "SHORT_DATE_FORMAT") not in page and str(shown.amount) not in page
    again = _fresh(challenge)
    assert again.challenged_record == shown and again.step == Step.CHALLENGE and again.wrong_answers == 1


def test_leaving_and_coming_back_resumes_at_the_current_step(member_client, challenge):
    challenge = _pass_step_one(member_client, challenge)
    for _ in range(2):
        response = member_client.get(_url(challenge))
        assert response.context["challenge"].step == Step.CHALLENGE
        assert response.context["challenge"].challenged_record == challenge.challenged_record
    detail = member_client.get(reverse("connections:request-detail", kwargs={"request_code": challenge.request.code}))
    assert "Continue the verification" in detail.content.decode()


def test_home_asks_to_finish_a_challenge_left_half_way(member_client, challenge):
    def attention():
        return [(str(row.label), row.count) for row in member_client.get(reverse("home")).context["attention"]]

    assert ("Customer verifications to complete", 1) in attention()
    member_client.post(_give_up_url(challenge))
    assert "Customer verifications to complete" not in dict(attention())


def test_the_invoice_asked_about_is_never_the_one_entered(org, account, member, client):
    """Only INV0000001 may be asked: INV0000000 is entered, and the buyer also knows it by the
    account's network number with another spelling."""
    client.force_login(member)
    for _ in range(10):
        buyer = make_buyer()
        make_records(buyer, account, 2)
        make_records(buyer, account, 1, supplier_vat_number="", supplier_network_number=account.network_number,
                     invoice_number="inv0000000")
        challenge = make_request(org, buyer=buyer, by=member).challenge
        client.post(_url(challenge), {"number": "INV0000000", "invoice_date": "01/10/2026", "amount": "100"})
        assert _fresh(challenge).challenged_record.invoice_number == "INV0000001"
        Challenge.objects.filter(pk=challenge.pk).update(step=Step.GIVEN_UP)


# Limits and giving up

def test_the_fifth_wrong_answer_locks_the_challenge_and_opens_a_ticket(member_client, challenge):
    challenge = _pass_step_one(member_client, challenge)
    wrong = {"invoice_date": "01/01/2020", "amount": "1"}
    for _ in range(MAX_WRONG_ANSWERS - 1):
        member_client.post(_url(challenge), wrong)
    four = _fresh(challenge)
    assert (four.step, four.wrong_answers, four.request.state) == (Step.CHALLENGE, 4, State.CHALLENGE)
    assert not SupportTicket.objects.exists()

    response = member_client.post(_url(challenge, challenge.request.code), wrong, follow=True)
    challenge = _fresh(challenge)
    assert challenge.step == Step.LOCKED and challenge.wrong_answers == MAX_WRONG_ANSWERS
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    assert req.state == State.AWAITING_BUYER
    page = response.content.decode()
    assert "Your request has been received" in page and req.ticket.reference in page
    assert member_client.get(_url(challenge))["Location"] == reverse(
        "connections:request-detail", kwargs={"request_code": req.code}
    )


def test_wrong_answers_at_both_steps_count_together(member_client, challenge):
    for _ in range(2):
        member_client.post(_url(challenge), RIGHT | {"amount": "1"})
    challenge = _pass_step_one(member_client, challenge)
    for _ in range(MAX_WRONG_ANSWERS - 2):
        member_client.post(_url(challenge), {"invoice_date": "01/01/2020", "amount": "1"})
    assert _fresh(challenge).step == Step.LOCKED


def test_an_account_answers_at_most_ten_times_an_hour_across_requests(org, member, member_client):
    first, second, third = (make_challenge(org, by=member) for _ in range(3))
    for challenge in [first] * 4 + [second] * 4 + [third] * 2:
        assert NO_MATCH in member_client.post(_url(challenge), RIGHT | {"amount": "1"}).content.decode()
    response = member_client.post(_url(third), RIGHT)
    assert "Please try again in 60 minutes." in response.content.decode()
    assert _fresh(third).step == Step.INVOICE
    assert ChallengeAttempt.objects.count() == ANSWERS_PER_HOUR
    other_org = make_org("Brightwater Traders")
    outsider = make_user(other_org)
    member_client.force_login(outsider)
    elsewhere = make_challenge(other_org, by=outsider)
    assert member_client.post(_url(elsewhere), RIGHT)["Location"] == _url(elsewhere)


@pytest.mark.parametrize("at_step", [Step.INVOICE, Step.CHALLENGE])
def test_i_cant_complete_this_asks_the_buyer_at_once(member_client, challenge, at_step):
    if at_step == Step.CHALLENGE:
        challenge = _pass_step_one(member_client, challenge)
    response = member_client.post(_give_up_url(challenge), follow=True)
    challenge = _fresh(challenge)
    assert challenge.step == Step.GIVEN_UP
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    assert req.state == State.AWAITING_BUYER and req.ticket.reference in response.content.decode()
    assert challenge.attempts.last().outcome == ChallengeAttempt.Outcome.GAVE_UP


def test_a_withdrawn_request_cannot_be_answered(member_client, challenge):
    member_client.post(reverse("connections:request-withdraw", kwargs={"request_code": challenge.request.code}))
    response = member_client.post(_url(challenge), RIGHT)
    assert response.status_code == 302 and "/customers/requests/" in response["Location"]
    assert _fresh(challenge).step == Step.INVOICE and not ChallengeAttempt.objects.exists()


# Several entities

def test_several_entities_are_walked_through_in_turn(member_client, account):
    first, asked, second = make_buyer("First Buyer"), make_buyer("Asked Buyer"), make_buyer("Second Buyer")
    for buyer in (first, second):
        make_records(buyer, account, 3)
    group = BuyerGroup.objects.create(name="Three")
    group.entities.set([first, asked, second])
    response = member_client.post(
        f"{reverse('connections:connect')}?group={group.pk}",
        {"account": account.code, "entities": [first.network_number, asked.network_number, second.network_number]},
    )
    challenges = list(Challenge.objects.order_by("pk"))
    assert len(challenges) == 2
    assert ConnectionRequest.objects.get(buyer=asked).state == State.AWAITING_BUYER
    page = member_client.get(response["Location"])
    assert page.context["challenge"] == challenges[0] and "Customer 1 of 2" in page.content.decode()

    member_client.post(response["Location"], RIGHT)
    shown = _fresh(challenges[0]).challenged_record
    member_client.post(response["Location"], _record_answer(shown))
    complete = member_client.get(response["Location"])
    next_url = complete.context["next_challenge_url"]
    assert next_url.startswith(_url(challenges[1]))
    assert "Next customer" in complete.content.decode()

    giving_up = member_client.post(next_url.replace("/?", "/give-up/?"))
    assert giving_up["Location"].startswith(reverse("connections:requests-submitted"))
    summary = member_client.get(giving_up["Location"]).content.decode()
    for buyer in (first, asked, second):
        assert buyer.legal_name in summary


# What is kept, and who may see it

def test_attempts_keep_who_when_step_outcome_and_address_never_the_values(member_client, member, challenge, settings):
    member_client.post(_url(challenge), RIGHT | {"number": "SECRET-GUESS"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    settings.TRUSTED_PROXIES = 1
    member_client.post(_url(challenge), RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    wrong, right = ChallengeAttempt.objects.order_by("pk")
    assert (wrong.user, wrong.step, wrong.outcome, wrong.client_address) == (
        member, Step.INVOICE, ChallengeAttempt.Outcome.WRONG, "127.0.0.1"
    )
    assert (right.outcome, right.client_address) == (ChallengeAttempt.Outcome.RIGHT, "203.0.113.7")
    stored = {field.name for field in ChallengeAttempt._meta.concrete_fields}
    assert stored == {"id", "organisation", "challenge", "at", "user", "step", "outcome", "client_address"}


def test_support_sees_the_attempts_on_the_ticket(member_client, challenge, client):
    for _ in range(MAX_WRONG_ANSWERS):
        member_client.post(_url(challenge), RIGHT | {"amount": "1"})
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    client.force_login(make_support_user())
    page = client.get(reverse("admin:tickets_supportticket_change", args=[req.ticket.pk])).content.decode()
    assert "Locked after too many wrong answers, 5 wrong answers" in page
    assert page.count("Enter an invoice · Wrong · 127.0.0.1") == MAX_WRONG_ANSWERS


def test_support_reads_every_challenge_and_plain_staff_none(member_client, challenge, client):
    challenge = _pass_step_one(member_client, challenge)
    change = reverse("admin:challenges_challenge_change", args=[challenge.pk])
    client.force_login(make_support_user())
    page = client.get(change).content.decode()
    assert "Pass a challenge" in page and "127.0.0.1" in page
    assert client.post(change, {"step": "passed"}).status_code == 403
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:challenges_challenge_changelist")).status_code == 403


@pytest.mark.parametrize("at_step", [Step.INVOICE, Step.CHALLENGE, Step.PASSED])
def test_another_organisation_gets_404_at_every_step(member_client, outsider, challenge, at_step):
    if at_step != Step.INVOICE:
        challenge = _pass_step_one(member_client, challenge)
    if at_step == Step.PASSED:
        member_client.post(_url(challenge), _record_answer(challenge.challenged_record))
    before = _fresh(challenge)
    outsider_client = member_client
    outsider_client.force_login(outsider)
    assert outsider_client.get(_url(challenge)).status_code == 404
    assert outsider_client.post(_url(challenge), RIGHT).status_code == 404
    assert outsider_client.post(_give_up_url(challenge)).status_code == 404
    after = _fresh(challenge)
    assert (after.step, after.wrong_answers, after.request.state) == (before.step, before.wrong_answers, before.request.state)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_answer_overtaken_by_another_tab_shows_where_the_verification_is_now(member_client, member, challenge):
    """Tab 1 holds the challenge while it passes step 1; tab 2's answer, read at step 1, waits for
    the lock and then finds the challenge at step 2: it is shown step 2, not a form error."""
    from challenges.services import Answer, invoice_enter

    locked = threading.Event()

    def first_tab():
        try:
            with transaction.atomic():
                Challenge.objects.select_for_update().get(pk=challenge.pk)
                locked.set()
                until_another_connection_waits_for_a_lock("the second tab")  # tab 2 has read step 1 and waits
                invoice_enter(challenge=challenge, answer=Answer(date(2026, 9, 29), Decimal("102"), "INV0000002"), by=member)
        finally:
            connection.close()

    tab = threading.Thread(target=first_tab)
    tab.start()
    assert locked.wait(10)
    response = member_client.post(_url(challenge), RIGHT)
    tab.join()
    assert response.status_code == 302 and response["Location"] == _url(challenge)
    assert _fresh(challenge).step == Step.CHALLENGE
    page = member_client.get(response["Location"]).content.decode()
    assert "This verification has already moved on." in page
    assert "Step 2. Please provide the date and amount of this invoice." in page
    assert ChallengeAttempt.objects.filter(challenge=challenge).count() == 1  # tab 2 answered nothing
