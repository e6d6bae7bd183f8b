"""The activation page (challenges.views.activate): where it leads, resuming, several
entities in turn, and another organisation refused."""


import pytest
from django.urls import reverse

from challenges.models import Challenge
from connections.models import ConnectionRequest
from customers.models import BuyerGroup
from tests.challenges.helpers import (
    RIGHT,
    State,
    Step,
    activate_url,
    fresh,
    give_up_url,
    pass_step_one,
    record_answer,
)
from tests.factories import (
    make_buyer,
    make_records,
)


def test_connect_leads_to_step_one_with_the_workflow_beside_it(member_client, account):
    buyer = make_buyer("Demonstration Example Buyer")
    make_records(buyer, account, 3)
    response = member_client.post(
        f"{reverse('connections:connect')}?buyer={buyer.network_number}",
        {"account": account.code, "entities": [buyer.network_number]},
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(activate_url(challenge))
    page = member_client.get(response["Location"]).content.decode()
    assert "Activate your buyer" in page
    assert "before you can access invoice data for Demonstration Example Buyer." in page
    assert "Activation workflow" in page and "Step 1. Please provide the details of a recent invoice." in page
    assert 'active" aria-current="step">\n        <strong>Enter an invoice' in page
    assert reverse("challenges:give-up", kwargs={"challenge_code": challenge.code}) in page


def test_leaving_and_coming_back_resumes_at_the_current_step(member_client, challenge):
    challenge = pass_step_one(member_client, challenge)
    for _ in range(2):
        response = member_client.get(activate_url(challenge))
        assert response.context["challenge"].step == Step.CHALLENGE
        assert response.context["challenge"].challenged_record == challenge.challenged_record
    detail = member_client.get(reverse("connections:request-detail", kwargs={"request_code": challenge.request.code}))
    assert "Continue the verification" in detail.content.decode()


def test_home_asks_to_finish_a_challenge_left_half_way(member_client, challenge):
    def attention():
        return [(str(row.label), row.count) for row in member_client.get(reverse("home")).context["attention"]]

    assert ("Customer verifications to complete", 1) in attention()
    member_client.post(give_up_url(challenge))
    assert "Customer verifications to complete" not in dict(attention())


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
    shown = fresh(challenges[0]).challenged_record
    member_client.post(response["Location"], record_answer(shown))
    complete = member_client.get(response["Location"])
    next_url = complete.context["next_challenge_url"]
    assert next_url.startswith(activate_url(challenges[1]))
    assert "Next customer" in complete.content.decode()

    giving_up = member_client.post(next_url.replace("/?", "/give-up/?"))
    assert giving_up["Location"].startswith(reverse("connections:requests-submitted"))
    summary = member_client.get(giving_up["Location"]).content.decode()
    for buyer in (first, asked, second):
        assert buyer.legal_name in summary


@pytest.mark.parametrize("at_step", [Step.INVOICE, Step.CHALLENGE, Step.PASSED])
def test_another_organisation_gets_404_at_every_step(member_client, outsider, challenge, at_step):
    if at_step != Step.INVOICE:
        challenge = pass_step_one(member_client, challenge)
    if at_step == Step.PASSED:
        member_client.post(activate_url(challenge), record_answer(challenge.challenged_record))
    before = fresh(challenge)
    outsider_client = member_client
    outsider_client.force_login(outsider)
    assert outsider_client.get(activate_url(challenge)).status_code == 404
    assert outsider_client.post(activate_url(challenge), RIGHT).status_code == 404
    assert outsider_client.post(give_up_url(challenge)).status_code == 404
    after = fresh(challenge)
    assert (after.step, after.wrong_answers, after.request.state) == (before.step, before.wrong_answers, before.request.state)
