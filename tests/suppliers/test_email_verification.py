"""Sign-up verifies the e-mail address: a signed, single-use, expiring link; until it is opened the
user cannot connect to customers or answer an invoice challenge."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from challenges.models import ChallengeAttempt
from connections.models import ConnectionRequest
from suppliers.models import User
from tests.factories import make_buyer, make_challenge, make_user
from tests.suppliers.test_signup import SIGNUP

UNVERIFIED_REFUSAL = "Verify your e-mail address first"


def _link(message) -> str:
    """The path of the verification link in an e-mail."""
    line = next(line for line in message.body.splitlines() if "/verify-email/" in line)
    return "/" + line.split("/", 3)[3]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a view leaves for after its commit (the e-mail), as a real commit would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def unverified(org):
    return make_user(org, first_name="Una", verified_email="")


@pytest.fixture
def unverified_client(client, unverified):
    client.force_login(unverified)
    return client


def test_sign_up_e_mails_a_link_and_the_user_is_not_verified_until_it_is_opened(client, db, committed):
    response = committed(client.post, reverse("suppliers:signup"), SIGNUP, follow=True)
    user = User.objects.get(username="nora")
    assert not user.email_is_verified
    assert "Please verify your e-mail address" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["nora@northwind.example"]]

    page = client.get(_link(mail.outbox[0]))

    assert page.status_code == 200
    assert "Your e-mail address is verified" in page.content.decode()
    user.refresh_from_db()
    assert user.email_is_verified
    assert "Please verify your e-mail address" not in client.get(reverse("home")).content.decode()


def test_the_e_mail_is_in_the_users_language(client, db, committed):
    committed(client.post, reverse("suppliers:signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="de")
    assert "E-Mail-Adresse" in mail.outbox[0].subject


def test_the_link_works_once(client, db, committed):
    committed(client.post, reverse("suppliers:signup"), SIGNUP)
    link = _link(mail.outbox[0])
    client.get(link)
    again = client.get(link)
    assert again.status_code == 410
    assert "already verified" in again.content.decode()


def test_the_link_expires(client, db, committed):
    committed(client.post, reverse("suppliers:signup"), SIGNUP)
    with time_machine.travel(timedelta(days=3, minutes=1)):
        response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.get(username="nora").email_is_verified


@pytest.mark.parametrize("tamper", [lambda link: link[:-3] + "xx/", lambda link: link.replace("/verify-email/", "/verify-email/a")])
def test_an_altered_link_verifies_nothing(client, db, committed, tamper):
    committed(client.post, reverse("suppliers:signup"), SIGNUP)
    response = client.get(tamper(_link(mail.outbox[0])))
    assert response.status_code == 410
    assert not User.objects.get(username="nora").email_is_verified


def test_send_it_again_sends_a_new_link_that_works(unverified_client, unverified, committed):
    response = committed(
        unverified_client.post,
        reverse("suppliers:email-verification-resend"), {"next": reverse("connections:relationships")}
    )
    assert response["Location"] == reverse("connections:relationships")
    assert [message.to for message in mail.outbox] == [[unverified.email]]
    unverified_client.get(_link(mail.outbox[0]))
    unverified.refresh_from_db()
    assert unverified.email_is_verified


def test_send_it_again_sends_at_most_once_a_minute(unverified_client, unverified, committed):
    resend = reverse("suppliers:email-verification-resend")
    committed(unverified_client.post, resend)
    second = committed(unverified_client.post, resend, follow=True)
    assert "less than a minute ago" in second.content.decode()
    assert len(mail.outbox) == 1
    cache.clear()  # a minute later (the cache, possibly Redis, forgets by itself)
    committed(unverified_client.post, resend)
    assert len(mail.outbox) == 2


def test_send_it_again_sends_nothing_to_a_verified_user(member_client, committed):
    committed(member_client.post, reverse("suppliers:email-verification-resend"))
    assert mail.outbox == []


def test_send_it_again_only_answers_a_post(unverified_client):
    assert unverified_client.get(reverse("suppliers:email-verification-resend")).status_code == 405


def test_an_unverified_user_cannot_connect(unverified_client, account):
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    url = f"{reverse('connections:connect')}?buyer={buyer.network_number}"
    response = unverified_client.post(url, {"account": account.code, "entities": [buyer.network_number]}, follow=True)
    assert not ConnectionRequest.objects.filter(buyer=buyer).exists()
    assert response.redirect_chain == [(url, 302)]
    assert UNVERIFIED_REFUSAL in response.content.decode()


def test_an_unverified_user_cannot_answer_a_challenge(org, member, unverified_client):
    challenge = make_challenge(org, buyer=make_buyer("Demonstration Example Buyer"), by=member)
    url = reverse("challenges:activate", kwargs={"challenge_code": challenge.code})
    response = unverified_client.post(
        url, {"number": "INV0000002", "invoice_date": "29/09/2026", "amount": "102"}, follow=True
    )
    assert UNVERIFIED_REFUSAL in response.content.decode()
    assert not ChallengeAttempt.objects.exists()


def test_a_new_address_in_my_account_needs_verifying(member_client, member, committed):
    form = {"first_name": member.first_name, "last_name": "", "preferred_language": "en"}
    committed(member_client.post, reverse("suppliers:my-account"), form | {"email": "elise@new.example"})
    member.refresh_from_db()
    assert not member.email_is_verified
    assert [message.to for message in mail.outbox] == [["elise@new.example"]]
    member_client.get(_link(mail.outbox[0]))
    member.refresh_from_db()
    assert member.email_is_verified


def test_a_link_to_an_address_left_behind_verifies_nothing(member_client, member, committed):
    form = {"first_name": member.first_name, "last_name": "", "preferred_language": "en"}
    committed(member_client.post, reverse("suppliers:my-account"), form | {"email": "first@new.example"})
    committed(member_client.post, reverse("suppliers:my-account"), form | {"email": "second@new.example"})
    response = member_client.get(_link(mail.outbox[0]))
    assert response.status_code == 410
    member.refresh_from_db()
    assert not member.email_is_verified


def test_saving_my_account_without_changing_the_address_sends_nothing(member_client, member, committed):
    form = {"first_name": "Elisa", "last_name": "", "preferred_language": "en", "email": member.email.upper()}
    committed(member_client.post, reverse("suppliers:my-account"), form)
    member.refresh_from_db()
    assert member.email_is_verified
    assert mail.outbox == []


def test_admin_shows_the_verified_address_without_letting_it_be_typed(admin_client, unverified):
    url = reverse("admin:suppliers_user_change", args=[unverified.pk])
    page = admin_client.get(url).content.decode()
    assert "Verified e-mail address" in page
    assert 'name="verified_email"' not in page


def test_the_page_that_verifies_no_longer_asks_the_signed_in_user_to_verify(unverified_client, unverified, committed):
    committed(unverified_client.post, reverse("suppliers:email-verification-resend"))
    html = unverified_client.get(_link(mail.outbox[0])).content.decode()
    assert "Your e-mail address is verified" in html
    assert "Send it again" not in html and reverse("suppliers:email-verification-resend") not in html
    # and the next page neither
    assert reverse("suppliers:email-verification-resend") not in unverified_client.get(reverse("home")).content.decode()
