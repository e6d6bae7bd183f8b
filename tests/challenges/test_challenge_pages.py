"""The challenge page for a newcomer: the attempts left before the lockout, a confirmation before
giving up, and a calendar button that renders without an emoji font."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from challenges.models import Challenge
from challenges.services import MAX_WRONG_ANSWERS
from connections.models import ConnectionRequest


def _wrong_answer(language: str) -> dict:
    """An invoice the buyer does not hold, its date typed as `language` writes dates."""
    with translation.override(language):
        typed = date(2026, 1, 1).strftime(get_format("DATE_INPUT_FORMATS")[0])
    return {"number": "NOPE", "invoice_date": typed, "amount": "1"}


def _url(challenge):
    return reverse("challenges:activate", kwargs={"challenge_code": challenge.code})


def test_a_fresh_challenge_does_not_count_attempts(member_client, challenge):
    assert "attempts-left" not in member_client.get(_url(challenge)).content.decode()


@pytest.mark.parametrize(
    "language,wrong,text",
    [
        ("en", 1, "You have 4 attempts left."),
        ("en", MAX_WRONG_ANSWERS - 1, "You have 1 attempt left."),
        ("cs", 1, "Zbývají vám 4 pokusy."),
        ("cs", MAX_WRONG_ANSWERS - 1, "Zbývá vám 1 pokus."),
        ("pl", 1, "Pozostały Ci 4 próby."),
    ],
)
def test_each_wrong_answer_says_how_many_attempts_are_left(member_client, challenge, language, wrong, text):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for _ in range(wrong):
        response = member_client.post(_url(challenge), _wrong_answer(language))
    assert text in response.content.decode()
    assert text in member_client.get(_url(challenge)).content.decode()  # and when coming back


def test_i_cant_complete_this_asks_first_and_changes_nothing(member_client, challenge):
    give_up = reverse("challenges:give-up", kwargs={"challenge_code": challenge.code})
    page = member_client.get(_url(challenge)).content.decode()
    assert f'href="{give_up}"' in page  # a link to the question, not a form that acts at once
    asked = member_client.get(give_up)
    assert asked.status_code == 200
    assert f'action="{give_up}"' in asked.content.decode()
    assert _url(challenge) in asked.content.decode()  # Cancel goes back
    challenge.refresh_from_db()
    assert challenge.step == Challenge.Step.INVOICE
    member_client.post(give_up)
    challenge.refresh_from_db()
    assert challenge.step == Challenge.Step.GIVEN_UP
    assert challenge.request.state == ConnectionRequest.State.AWAITING_BUYER


def test_the_calendar_button_is_an_svg_icon_with_a_name(member_client, challenge):
    page = member_client.get(_url(challenge)).content.decode()
    button = page[page.index("data-date-picker "):]
    button = button[: button.index("</button>")]
    assert 'aria-label="Choose a date"' in button
    assert "<svg" in button and 'aria-hidden="true"' in button
    assert "&#128197;" not in page and "\U0001f4c5" not in page
