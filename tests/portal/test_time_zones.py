"""Times are shown in each user's time zone: their own choice in My account, else the zone of
their language's country (portal/lib/timezones.py); e-mails use the recipient's."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from portal.lib.emails import email_send
from portal.lib.timezones import TimeZoneMiddleware, language_time_zone
from tests.factories import make_request, make_support_user


def _zone_during_request(user, language: str) -> str:
    request = RequestFactory().get("/")
    request.user = user
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    with translation.override(language):
        TimeZoneMiddleware(view)(request)
    return seen["zone"]


@pytest.mark.parametrize(
    "language,zone",
    [("en", "Europe/London"), ("cs", "Europe/Prague"), ("de", "Europe/Berlin"), ("pl", "Europe/Warsaw"),
     ("fr", "Europe/Paris"), ("hu", "Europe/Budapest")],
)
def test_without_a_choice_the_zone_is_the_languages_country(language, zone):
    assert _zone_during_request(AnonymousUser(), language) == zone


def test_a_users_own_zone_wins_over_the_language(member):
    member.time_zone = "America/New_York"
    assert _zone_during_request(member, "cs") == "America/New_York"


def test_an_unknown_stored_zone_falls_back_to_the_language(member):
    member.time_zone = "Mars/Olympus_Mons"
    assert _zone_during_request(member, "pl") == "Europe/Warsaw"


def test_the_zone_does_not_outlive_the_request(member):
    member.time_zone = "Asia/Tokyo"
    before = timezone.get_current_timezone_name()
    _zone_during_request(member, "en")
    assert timezone.get_current_timezone_name() == before


def test_an_unknown_language_is_utc():
    assert language_time_zone("xx") == "UTC"


def test_my_account_saves_a_time_zone_and_shows_pages_in_it(member_client, member):
    data = {"first_name": "Elise", "last_name": "", "email": member.email, "preferred_language": "en"}
    response = member_client.post(reverse("suppliers:my-account"), data | {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "Asia/Tokyo"
    # Blank again: the language's country decides.
    member_client.post(reverse("suppliers:my-account"), data | {"time_zone": ""})
    member.refresh_from_db()
    assert member.time_zone == ""


def test_my_account_refuses_a_zone_that_does_not_exist(member_client, member):
    data = {"first_name": "Elise", "last_name": "", "email": member.email, "preferred_language": "en"}
    response = member_client.post(reverse("suppliers:my-account"), data | {"time_zone": "Europe/Atlantis"})
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    member.refresh_from_db()
    assert member.time_zone == ""


def test_my_account_offers_the_languages_zone_by_default(member_client, member):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = member_client.get(reverse("suppliers:my-account")).content.decode()
    assert "(Europe/Berlin)" in page


@pytest.mark.parametrize(
    "language,time_zone,expected",
    [
        ("en", "", "Tuesday 1 December 2026, 14:45 GMT"),
        ("cs", "", "úterý 1. prosince 2026, 15:45 CET"),
        ("en", "America/New_York", "Tuesday 1 December 2026, 09:45 EST"),
    ],
)
def test_emails_show_times_in_the_recipients_zone(org, language, time_zone, expected):
    req = make_request(org)
    req.ticket.deadline = datetime(2026, 12, 1, 14, 45, tzinfo=UTC)
    mail.outbox.clear()
    with translation.override("en"), timezone.override(UTC):  # the sender's own settings must not leak in
        email_send(
            to="elise@example.com",
            template="request_received",
            context={"req": req, "link": "http://portal.example/r/"},
            language=language,
            time_zone=time_zone,
            event="request_received:test",
        )
    [message] = mail.outbox
    assert expected in message.body


@pytest.mark.parametrize("zone,shown", [("Europe/Prague", "2026-12-01 15:45 CET"), ("Asia/Tokyo", "2026-12-01 23:45 JST")])
def test_support_sees_a_tickets_history_in_its_own_zone(client, org, zone, shown):
    with time_machine.travel(datetime(2026, 12, 1, 14, 45, tzinfo=UTC), tick=False):
        req = make_request(org)
    support = make_support_user()
    support.time_zone = zone
    support.save()
    client.force_login(support)
    page = client.get(reverse("admin:tickets_supportticket_change", args=[req.ticket.pk])).content.decode()
    assert shown in page
