"""Step 2 (challenges.services.challenge_answer): the date and amount of the invoice asked
about, the limits on wrong answers, and what each attempt keeps."""


from django.urls import reverse
from django.utils.formats import date_format

from challenges.models import ChallengeAttempt
from challenges.services import ANSWERS_PER_HOUR, MAX_WRONG_ANSWERS
from connections.models import ConnectionRequest, Relationship
from invoices.models import InvoiceStatus, LoadRun
from tests.challenges.helpers import (
    NO_MATCH,
    RIGHT,
    State,
    Step,
    activate_url,
    fresh,
    pass_step_one,
    record_answer,
)
from tests.factories import (
    make_challenge,
    make_org,
    make_user,
)
from tickets.models import SupportTicket


def test_step_two_right_connects_and_loads_the_invoices_once(
    member_client, challenge, django_capture_on_commit_callbacks
):
    challenge = pass_step_one(member_client, challenge)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(activate_url(challenge), record_answer(challenge.challenged_record))
    assert response.status_code == 302
    challenge = fresh(challenge)
    assert challenge.step == Step.PASSED and challenge.request.state == State.ACTIVE
    assert Relationship.objects.filter(account=challenge.request.account, buyer=challenge.request.buyer).count() == 1
    [run] = LoadRun.objects.filter(relationship__buyer=challenge.request.buyer)
    assert run.state == LoadRun.State.FINISHED
    assert InvoiceStatus.objects.filter(account=challenge.request.account).count() == 5
    page = member_client.get(response["Location"]).content.decode()
    assert "Step 3. Complete" in page and "is now connected to" in page
    assert reverse("connections:relationships") in page


def test_step_two_wrong_keeps_the_same_invoice(member_client, challenge):
    challenge = pass_step_one(member_client, challenge)
    shown = challenge.challenged_record
    response = member_client.post(activate_url(challenge), {"invoice_date": "01/01/2020", "amount": "1"})
    page = response.content.decode()
    assert NO_MATCH in page
    assert date_format(shown.invoice_date, "SHORT_DATE_FORMAT") not in page and str(shown.amount) not in page
    again = fresh(challenge)
    assert again.challenged_record == shown and again.step == Step.CHALLENGE and again.wrong_answers == 1


def test_the_fifth_wrong_answer_locks_the_challenge_and_opens_a_ticket(member_client, challenge):
    challenge = pass_step_one(member_client, challenge)
    wrong = {"invoice_date": "01/01/2020", "amount": "1"}
    for _ in range(MAX_WRONG_ANSWERS - 1):
        member_client.post(activate_url(challenge), wrong)
    four = fresh(challenge)
    assert (four.step, four.wrong_answers, four.request.state) == (Step.CHALLENGE, 4, State.CHALLENGE)
    assert not SupportTicket.objects.exists()

    response = member_client.post(activate_url(challenge, challenge.request.code), wrong, follow=True)
    challenge = fresh(challenge)
    assert challenge.step == Step.LOCKED and challenge.wrong_answers == MAX_WRONG_ANSWERS
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    assert req.state == State.AWAITING_BUYER
    page = response.content.decode()
    assert "Your request has been received" in page and req.ticket.reference in page
    assert member_client.get(activate_url(challenge))["Location"] == reverse(
        "connections:request-detail", kwargs={"request_code": req.code}
    )


def test_wrong_answers_at_both_steps_count_together(member_client, challenge):
    for _ in range(2):
        member_client.post(activate_url(challenge), RIGHT | {"amount": "1"})
    challenge = pass_step_one(member_client, challenge)
    for _ in range(MAX_WRONG_ANSWERS - 2):
        member_client.post(activate_url(challenge), {"invoice_date": "01/01/2020", "amount": "1"})
    assert fresh(challenge).step == Step.LOCKED


def test_an_account_answers_at_most_ten_times_an_hour_across_requests(org, member, member_client):
    first, second, third = (make_challenge(org, by=member) for _ in range(3))
    for challenge in [first] * 4 + [second] * 4 + [third] * 2:
        assert NO_MATCH in member_client.post(activate_url(challenge), RIGHT | {"amount": "1"}).content.decode()
    response = member_client.post(activate_url(third), RIGHT)
    assert "Please try again in 60 minutes." in response.content.decode()
    assert fresh(third).step == Step.INVOICE
    assert ChallengeAttempt.objects.count() == ANSWERS_PER_HOUR
    other_org = make_org("Brightwater Traders")
    outsider = make_user(other_org)
    member_client.force_login(outsider)
    elsewhere = make_challenge(other_org, by=outsider)
    assert member_client.post(activate_url(elsewhere), RIGHT)["Location"] == activate_url(elsewhere)


def test_a_withdrawn_request_cannot_be_answered(member_client, challenge):
    member_client.post(reverse("connections:request-withdraw", kwargs={"request_code": challenge.request.code}))
    response = member_client.post(activate_url(challenge), RIGHT)
    assert response.status_code == 302 and "/customers/requests/" in response["Location"]
    assert fresh(challenge).step == Step.INVOICE and not ChallengeAttempt.objects.exists()


def test_attempts_keep_who_when_step_outcome_and_address_never_the_values(member_client, member, challenge, settings):
    member_client.post(activate_url(challenge), RIGHT | {"number": "SECRET-GUESS"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    settings.TRUSTED_PROXIES = 1
    member_client.post(activate_url(challenge), RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    wrong, right = ChallengeAttempt.objects.order_by("pk")
    assert (wrong.user, wrong.step, wrong.outcome, wrong.client_address) == (
        member, Step.INVOICE, ChallengeAttempt.Outcome.WRONG, "127.0.0.1"
    )
    assert (right.outcome, right.client_address) == (ChallengeAttempt.Outcome.RIGHT, "203.0.113.7")
    stored = {field.name for field in ChallengeAttempt._meta.concrete_fields}
    assert stored == {"id", "organisation", "challenge", "at", "user", "step", "outcome", "client_address"}
