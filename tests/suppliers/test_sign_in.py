import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.parametrize("identifier", ["username", "email"])
def test_it_signs_in_by_user_name_or_e_mail(client, member, identifier):
    response = client.post(reverse("login"), {"username": getattr(member, identifier), "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_with_a_message(client, member):
    response = client.post(reverse("login"), {"username": member.username, "password": "nope"})
    assert response.status_code == 200
    assert "The user name, e-mail address or password is wrong." in response.content.decode()


def test_a_wrong_password_in_german_says_it_was_wrong(client, member):
    response = client.post(reverse("login"), {"username": member.email, "password": "nope"}, HTTP_ACCEPT_LANGUAGE="de")
    assert "Benutzername, E-Mail-Adresse oder Passwort sind falsch." in response.content.decode()


def test_signing_out_ends_the_session(member_client):
    assert member_client.post(reverse("logout")).status_code == 302
    assert member_client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_working_link(client, member):
    client.post(reverse("password_reset"), {"email": member.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-password", "new_password2": "another-long-password"},
    )
    assert response.status_code == 302
    signed_in = client.post(reverse("login"), {"username": member.username, "password": "another-long-password"})
    assert signed_in.status_code == 302


def test_change_password(member_client, member):
    response = member_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "brand-new-password-1", "new_password2": "brand-new-password-1"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("brand-new-password-1")


def test_the_saved_language_applies_at_sign_in(client, member):
    member.preferred_language = "de"
    member.save()
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
