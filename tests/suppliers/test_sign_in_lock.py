"""Sign-in throttling (django-axes): 5 failures for one name from one address, or 20 from one
address across names, within 15 minutes lock that address out; others are not locked out."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_support_user

LOGIN = reverse("login")
LOCKED = "Too many failed sign-in attempts"
HERE, ELSEWHERE = "203.0.113.7", "198.51.100.20"


def _sign_in(client, username, password, address=HERE, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _fail(client, username, times, address=HERE):
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


def test_five_wrong_passwords_lock_the_name_out_from_that_address_only(client, member):
    _fail(client, member.username, 5)

    refused = _sign_in(client, member.username, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session

    assert _sign_in(client, member.username, PASSWORD, ELSEWHERE).status_code == 302


def test_four_wrong_passwords_do_not_lock(client, member):
    _fail(client, member.username, 4)
    assert _sign_in(client, member.username, PASSWORD).status_code == 302


def test_the_lock_ends_fifteen_minutes_after_the_last_failure_however_often_one_retries(client, member):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail(client, member.username, 5)
        for _ in range(3):
            clock.shift(timedelta(minutes=4))
            assert _sign_in(client, member.username, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=2, seconds=30))
        assert _sign_in(client, member.username, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=1))
        assert _sign_in(client, member.username, PASSWORD).status_code == 302


def test_support_unlocks_in_admin(client, member):
    _fail(client, member.username, 5)
    staff_client = client.__class__()
    staff_client.force_login(make_support_user())
    attempts = AccessAttempt.objects.all()
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert staff_client.get(changelist).status_code == 200
    staff_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert _sign_in(client, member.username, PASSWORD).status_code == 302


def test_the_lock_counts_the_e_mail_address_whatever_its_case(client, member):
    email = member.email
    for typed in (email.upper(), email.title(), email, email.swapcase(), email.capitalize()):
        _sign_in(client, typed, "wrong-password")
    assert _sign_in(client, member.email, PASSWORD).status_code == 429


def test_twenty_failures_across_names_lock_the_address(client, member):
    for n in range(20):
        _sign_in(client, f"guess{n}", "wrong-password")
    assert _sign_in(client, member.username, PASSWORD).status_code == 429
    assert _sign_in(client, member.username, PASSWORD, ELSEWHERE).status_code == 302


def test_nineteen_failures_across_names_do_not_lock_the_address(client, member):
    for n in range(19):
        _sign_in(client, f"guess{n}", "wrong-password")
    assert _sign_in(client, member.username, PASSWORD).status_code == 302


def test_behind_a_proxy_the_forwarded_client_address_counts(client, member, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for _ in range(5):
        _sign_in(client, member.username, "wrong", proxy, HTTP_X_FORWARDED_FOR=HERE)
    assert _sign_in(client, member.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HERE).status_code == 429
    assert _sign_in(client, member.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302


def test_the_locked_page_is_the_portals_own_in_the_users_language(client, member):
    _fail(client, member.username, 5)
    response = _sign_in(client, member.username, PASSWORD, HTTP_ACCEPT_LANGUAGE="de")
    page = response.content.decode()
    assert 'name="username"' in page and member.username in page
    assert "Anmelden" in page


def test_password_reset_works_during_a_lock(client, member):
    _fail(client, member.username, 5)
    response = client.post(reverse("password_reset"), {"email": member.email}, REMOTE_ADDR=HERE)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[member.email]]


def _reset_password(client, member, new_password, address=HERE):
    client.post(reverse("password_reset"), {"email": member.email}, REMOTE_ADDR=address)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True, REMOTE_ADDR=address)
    fields = {"new_password1": new_password, "new_password2": new_password}
    assert client.post(form_page.redirect_chain[-1][0], fields, REMOTE_ADDR=address).status_code == 302


@pytest.mark.parametrize("typed", ["username", "email"])
def test_a_password_reset_ends_the_lock_it_was_offered_for(client, member, typed):
    """The locked page says "or reset your password below": after the reset the new password
    signs in from that address, whether the failures were typed as the user name or the e-mail."""
    _fail(client, getattr(member, typed).upper(), 5)
    _reset_password(client, member, "a-brand-new-password")
    assert _sign_in(client, getattr(member, typed), "a-brand-new-password").status_code == 302


def test_a_password_reset_leaves_another_addresss_lock_alone(client, member):
    _fail(client, member.username, 5, address=ELSEWHERE)
    _reset_password(client, member, "a-brand-new-password", address=HERE)
    assert LOCKED in _sign_in(client, member.username, "a-brand-new-password", address=ELSEWHERE).content.decode()
