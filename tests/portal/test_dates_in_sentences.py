"""Dates inside sentences in each language's own long format, with the time zone; counted
phrases through ngettext ("před 1 minutou", "1 minutę temu")."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from connections.models import Relationship
from connections.batch import batch_query
from invoices.models import LoadRun
from portal.lib.l10n_tags import refreshed_ago
from tests.factories import make_request
from tickets.models import SupportTicket

WINTER = datetime(2026, 12, 1, 14, 45, tzinfo=UTC)  # the Tuesday 1 December 2026
SUMMER = datetime(2027, 6, 15, 8, 0, tzinfo=UTC)


def _confirmation(client, req, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = f"{reverse('connections:requests-submitted')}?{batch_query([req.code])}"
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    "language,deadline,sentence",
    [
        ("en", WINTER, "will be processed by Tuesday 1 December 2026, 14:45 GMT, after which"),
        ("cs", WINTER, "bude zpracována do úterý 1. prosince 2026, 15:45 CET, poté"),
        ("de", WINTER, "wird bis Dienstag, 1. Dezember 2026, 15:45 CET bearbeitet"),
        ("pl", WINTER, "zostanie rozpatrzona do 1 grudnia 2026, 15:45 CET, po czym"),
        ("fr", WINTER, "sera traitée d'ici le mardi 1 décembre 2026 à 15:45 CET, après quoi"),
        ("hu", WINTER, "feldolgozzuk: 2026. december 1., kedd 15:45 CET."),
        ("en", SUMMER, "will be processed by Tuesday 15 June 2027, 09:00 BST, after which"),
        ("cs", SUMMER, "bude zpracována do úterý 15. června 2027, 10:00 CEST, poté"),
        ("pl", SUMMER, "zostanie rozpatrzona do 15 czerwca 2027, 10:00 CEST, po czym"),
    ],
)
def test_the_confirmation_writes_its_deadline_as_the_language_does(member_client, org, language, deadline, sentence):
    req = make_request(org)
    SupportTicket.objects.filter(request=req).update(deadline=deadline)
    page = _confirmation(member_client, req, language)
    assert sentence in page


def test_the_confirmation_uses_the_users_own_time_zone(member_client, member, org):
    member.time_zone = "America/New_York"
    member.save()
    req = make_request(org)
    SupportTicket.objects.filter(request=req).update(deadline=WINTER)
    assert "by Tuesday 1 December 2026, 09:45 EST," in _confirmation(member_client, req, "en")


def test_lists_show_the_time_zone_of_deadlines(member_client, org):
    req = make_request(org)
    SupportTicket.objects.filter(request=req).update(deadline=WINTER)
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cs"
    for url in (reverse("connections:request-list"), reverse("tickets:list")):
        assert "15:45 CET" in member_client.get(url).content.decode()


@pytest.mark.parametrize(
    "language,minutes,text",
    [
        ("cs", 1, "Naposledy obnoveno: před 1 minutou"),
        ("pl", 1, "Ostatnie odświeżenie: 1 minutę temu"),
        ("cs", 3, "Naposledy obnoveno: před 3 minutami"),
        ("pl", 3, "Ostatnie odświeżenie: 3 minuty temu"),
        ("pl", 5, "Ostatnie odświeżenie: 5 minut temu"),
        ("pl", 22, "Ostatnie odświeżenie: 22 minuty temu"),
        ("en", 0, "Last refreshed: 0 minutes ago"),
        ("en", 1, "Last refreshed: 1 minute ago"),
        ("de", 120, "Zuletzt aktualisiert: vor 2 Stunden"),
        ("cs", 60, "Naposledy obnoveno: před 1 hodinou"),
        ("pl", 3 * 24 * 60, "Ostatnie odświeżenie: 3 dni temu"),
        ("fr", 24 * 60 * 2, "Dernière actualisation : il y a 2 jours"),
    ],
)
def test_last_refreshed_counts_in_the_languages_grammar(language, minutes, text):
    with time_machine.travel(WINTER, tick=False), translation.override(language):
        assert refreshed_ago(timezone.now() - timedelta(minutes=minutes, seconds=30)) == text


def test_home_says_the_same_last_refreshed_in_both_places(member_client, account):
    relationship = Relationship.objects.filter(account=account).first()
    LoadRun.objects.filter(relationship=relationship).delete()
    with time_machine.travel(WINTER, tick=False):
        LoadRun.objects.create(
            organisation=account.organisation,
            relationship=relationship,
            state=LoadRun.State.FINISHED,
            finished_at=timezone.now() - timedelta(minutes=1),
        )
        member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cs"
        page = member_client.get(reverse("home")).content.decode()
    assert page.count("Naposledy obnoveno") == 2
    assert page.count("Naposledy obnoveno: před 1 minutou") == 2


def test_home_shows_no_refresh_time_before_the_first_load(member_client, account):
    LoadRun.objects.filter(relationship__account=account).delete()
    assert "Last refreshed" not in member_client.get(reverse("home")).content.decode()
