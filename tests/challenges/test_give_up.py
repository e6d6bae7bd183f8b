"""Giving up ("I can't complete this", challenges.views.give_up): the buyer is asked at once."""

import pytest

from challenges.models import ChallengeAttempt
from connections.models import ConnectionRequest
from tests.challenges.helpers import (
    State,
    Step,
    fresh,
    give_up_url,
    pass_step_one,
)


@pytest.mark.parametrize("at_step", [Step.INVOICE, Step.CHALLENGE])
def test_i_cant_complete_this_asks_the_buyer_at_once(member_client, challenge, at_step):
    if at_step == Step.CHALLENGE:
        challenge = pass_step_one(member_client, challenge)
    response = member_client.post(give_up_url(challenge), follow=True)
    challenge = fresh(challenge)
    assert challenge.step == Step.GIVEN_UP
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    assert req.state == State.AWAITING_BUYER and req.ticket.reference in response.content.decode()
    assert challenge.attempts.last().outcome == ChallengeAttempt.Outcome.GAVE_UP
