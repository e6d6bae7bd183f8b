"""Step 1 (challenges.services.invoice_enter): the supplier enters a recent invoice."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from challenges.models import Challenge, ChallengeAttempt
from customers.models import BuyerInvoiceRecord
from tests.challenges.helpers import (
    NO_MATCH,
    RIGHT,
    Step,
    activate_url,
    fresh,
)
from tests.factories import (
    make_buyer,
    make_records,
    make_request,
)
from tests.locks import until_another_connection_waits_for_a_lock


def test_step_one_right_shows_another_invoice_to_answer(member_client, challenge):
    response = member_client.post(activate_url(challenge), {**RIGHT, "number": "  inv0000002 "})
    assert response.status_code == 302
    challenge = fresh(challenge)
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
    response = member_client.post(activate_url(challenge), RIGHT | wrong)
    page = response.content.decode()
    assert response.status_code == 200 and NO_MATCH in page
    assert response.context["form"].errors == {"__all__": [NO_MATCH]}
    others = BuyerInvoiceRecord.objects.exclude(invoice_number=RIGHT["number"])
    assert not any(record.invoice_number in page for record in others)
    challenge = fresh(challenge)
    assert challenge.step == Step.INVOICE and challenge.wrong_answers == 1


def test_a_badly_written_date_or_amount_is_a_form_error_not_a_wrong_answer(member_client, challenge):
    response = member_client.post(activate_url(challenge), RIGHT | {"invoice_date": "2026/29/09", "amount": "1O2"})
    form = response.context["form"]
    assert set(form.errors) == {"invoice_date", "amount"}
    assert "25/08/2015" in str(form.errors["invoice_date"]) and "4,508.00" in str(form.errors["amount"])
    assert fresh(challenge).wrong_answers == 0 and not ChallengeAttempt.objects.exists()


def test_dates_and_amounts_follow_the_users_language(member_client, challenge):
    member_client.cookies["django_language"] = "de"
    response = member_client.post(activate_url(challenge), {"number": "INV0000002", "invoice_date": "29.09.2026", "amount": "102,00"})
    assert response.status_code == 302 and fresh(challenge).step == Step.CHALLENGE


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
        client.post(activate_url(challenge), {"number": "INV0000000", "invoice_date": "01/10/2026", "amount": "100"})
        assert fresh(challenge).challenged_record.invoice_number == "INV0000001"
        Challenge.objects.filter(pk=challenge.pk).update(step=Step.GIVEN_UP)


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
    response = member_client.post(activate_url(challenge), RIGHT)
    tab.join()
    assert response.status_code == 302 and response["Location"] == activate_url(challenge)
    assert fresh(challenge).step == Step.CHALLENGE
    page = member_client.get(response["Location"]).content.decode()
    assert "This verification has already moved on." in page
    assert "Step 2. Please provide the date and amount of this invoice." in page
    assert ChallengeAttempt.objects.filter(challenge=challenge).count() == 1  # tab 2 answered nothing
