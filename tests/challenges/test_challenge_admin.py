"""Support reads challenges and their attempts in Django admin; plain staff do not."""


from django.urls import reverse

from challenges.services import MAX_WRONG_ANSWERS
from connections.models import ConnectionRequest
from tests.challenges.helpers import (
    RIGHT,
    activate_url,
    pass_step_one,
)
from tests.factories import (
    make_support_user,
    make_user,
)


def test_support_sees_the_attempts_on_the_ticket(member_client, challenge, client):
    for _ in range(MAX_WRONG_ANSWERS):
        member_client.post(activate_url(challenge), RIGHT | {"amount": "1"})
    req = ConnectionRequest.objects.select_related("ticket").get(pk=challenge.request.pk)
    client.force_login(make_support_user())
    page = client.get(reverse("admin:tickets_supportticket_change", args=[req.ticket.pk])).content.decode()
    assert "Locked after too many wrong answers, 5 wrong answers" in page
    assert page.count("Enter an invoice · Wrong · 127.0.0.1") == MAX_WRONG_ANSWERS


def test_support_reads_every_challenge_and_plain_staff_none(member_client, challenge, client):
    challenge = pass_step_one(member_client, challenge)
    change = reverse("admin:challenges_challenge_change", args=[challenge.pk])
    client.force_login(make_support_user())
    page = client.get(change).content.decode()
    assert "Pass a challenge" in page and "127.0.0.1" in page
    assert client.post(change, {"step": "passed"}).status_code == 403
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:challenges_challenge_changelist")).status_code == 403
