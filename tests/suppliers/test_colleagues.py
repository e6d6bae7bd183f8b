"""Colleagues: an administrator invites by e-mail (a signed, expiring, single-use link), changes
roles and removes members; the organisation always keeps an administrator."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from suppliers.colleagues.links import MAX_AGE, invitation_token
from suppliers.colleagues.services import membership_role_set
from suppliers.models import Invitation, Membership
from suppliers.tasks import invitation_email_send
from tests.factories import make_invitation, make_user
from tests.locks import until_another_connection_waits_for_a_lock

Role = Membership.Role
COLLEAGUES = reverse("suppliers:colleagues")
NEW_PASSWORD = "a-new-colleagues-password"


def _invite(client, capture, email="rita@example.com", role=Role.READ_ONLY):
    with capture(execute=True):
        return client.post(reverse("suppliers:colleague-invite"), {"email": email, "role": role})


def _link(message) -> str:
    return re.search(r"/join/[^/\s]+/", message.body).group(0)


def _join(client, link, username="rita"):
    return client.post(
        link,
        {"first_name": "Rita", "last_name": "Reader", "username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_an_invited_colleague_joins_with_the_role_and_signs_in(org_admin_client, org, django_capture_on_commit_callbacks, client):
    response = _invite(org_admin_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["rita@example.com"]
    assert "Adams Office Supplies" in message.subject
    link = _link(message)
    org_admin_client.logout()

    page = client.get(link).content.decode()
    assert "Join Adams Office Supplies" in page and "Read-only" in page
    response = _join(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    membership = Membership.objects.get(user__username="rita")
    assert (membership.organisation, membership.role, membership.user.email) == (org, Role.READ_ONLY, "rita@example.com")

    client.logout()
    signed_in = client.post(reverse("login"), {"username": "rita", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("home")).context["org"] == org


def test_the_invitation_is_emailed_in_the_inviters_language(org_admin_client, django_capture_on_commit_callbacks):
    org_admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    _invite(org_admin_client, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "Rejoignez Adams Office Supplies" in message.subject
    assert Invitation.objects.get().language == "fr"


def test_the_email_task_run_twice_sends_once(org):
    invitation = make_invitation(org)
    invitation_email_send(invitation.pk)
    invitation_email_send(invitation.pk)
    assert len([m for m in mail.outbox if m.to == [invitation.email]]) == 1


def test_an_expired_link_is_refused(org, client):
    invitation = make_invitation(org)
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    with time_machine.travel(timezone.now() + MAX_AGE + timedelta(minutes=1)):
        response = _join(client, link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user__username="rita").exists()


def test_a_link_a_day_before_expiry_still_works(org, client):
    invitation = make_invitation(org)
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    with time_machine.travel(timezone.now() + MAX_AGE - timedelta(days=1)):
        assert _join(client, link).status_code == 302


def test_a_used_link_is_refused(org, client):
    invitation = make_invitation(org)
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    _join(client, link)
    client.logout()
    response = _join(client, link, username="rita2")
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()
    assert not Membership.objects.filter(user__username="rita2").exists()


@pytest.mark.parametrize("tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t])
def test_a_tampered_link_is_refused(tamper, org, client):
    invitation = make_invitation(org)
    link = reverse("suppliers:invitation-accept", kwargs={"token": tamper(invitation_token(invitation))})
    response = _join(client, link)
    assert response.status_code == 410
    assert "This invitation is not valid" in response.content.decode()


def test_a_revoked_invitation_is_refused(org_admin_client, org, client):
    invitation = make_invitation(org)
    token = invitation_token(invitation)
    response = org_admin_client.post(reverse("suppliers:invitation-revoke", args=[invitation.code]))
    assert response.status_code == 302
    org_admin_client.logout()
    assert _join(client, reverse("suppliers:invitation-accept", kwargs={"token": token})).status_code == 410


def test_a_new_invitation_to_the_same_address_retires_the_old_link(org, client):
    old = make_invitation(org, email="rita@example.com")
    make_invitation(org, email="Rita@example.com")
    response = _join(client, reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(old)}))
    assert response.status_code == 410


def test_a_signed_in_user_with_the_address_just_accepts(org, client):
    user = make_user(email="rita@example.com")
    invitation = make_invitation(org, email="rita@example.com", role=Role.MEMBER)
    client.force_login(user)
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    assert "Accept the invitation" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert user.memberships.get().role == Role.MEMBER


def test_a_user_signed_in_with_another_address_cannot_accept(org, client):
    user = make_user(email="someone@example.com")
    invitation = make_invitation(org, email="rita@example.com")
    client.force_login(user)
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    assert "You are signed in with another e-mail address" in client.get(link).content.decode()
    page = client.post(link).content.decode()
    assert "This invitation is for rita@example.com." in page
    assert not user.memberships.exists()


def test_a_member_of_another_organisation_cannot_accept(org, outsider, client):
    invitation = make_invitation(org, email=outsider.email)
    client.force_login(outsider)
    page = client.post(reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})).content.decode()
    assert "already belongs to an organisation" in page
    assert outsider.memberships.get().organisation != org


def test_an_existing_user_is_asked_to_sign_in_first(org, client):
    make_user(email="rita@example.com")
    invitation = make_invitation(org, email="rita@example.com")
    link = reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    page = client.get(link).content.decode()
    assert f"{reverse('login')}?next=" in page and "Choose your name" not in page
    assert "already exists" in _join(client, link).content.decode()


def test_inviting_a_colleague_twice_is_a_form_error(org_admin_client, member, django_capture_on_commit_callbacks):
    response = _invite(org_admin_client, django_capture_on_commit_callbacks, email=member.email.upper())
    assert response.status_code == 200
    assert "is already one of your colleagues" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_bad_address_keeps_what_was_typed(org_admin_client, django_capture_on_commit_callbacks):
    response = _invite(org_admin_client, django_capture_on_commit_callbacks, email="rita@")
    page = response.content.decode()
    assert response.status_code == 200 and 'value="rita@"' in page
    assert not Invitation.objects.exists()


def test_a_member_cannot_invite(member_client, django_capture_on_commit_callbacks):
    assert _invite(member_client, django_capture_on_commit_callbacks).status_code == 403
    assert not Invitation.objects.exists() and not mail.outbox


def test_everyone_sees_the_colleagues_and_only_administrators_manage(read_only_client, org_admin, org):
    make_invitation(org, email="pending@example.com", by=org_admin)
    page = read_only_client.get(COLLEAGUES).content.decode()
    assert "Ada" in page and "Rita" in page and "pending@example.com" in page
    assert "Invite a colleague" not in page and "Change role" not in page and "Revoke" not in page
    read_only_client.force_login(org_admin)
    page = read_only_client.get(COLLEAGUES).content.decode()
    assert "Invite a colleague" in page and "Change role" in page and "Revoke" in page


def test_my_account_leads_to_the_colleagues(member_client):
    assert COLLEAGUES in member_client.get(reverse("suppliers:my-account")).content.decode()


def test_an_administrator_changes_a_role_and_removes_a_member(org_admin_client, member):
    membership = member.memberships.get()
    org_admin_client.post(reverse("suppliers:membership-role", args=[membership.code]), {"role": Role.READ_ONLY})
    membership.refresh_from_db()
    assert membership.role == Role.READ_ONLY
    org_admin_client.post(reverse("suppliers:membership-remove", args=[membership.code]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    member.refresh_from_db()  # the user stays, without an organisation


def test_an_unknown_role_changes_nothing(org_admin_client, member):
    membership = member.memberships.get()
    response = org_admin_client.post(reverse("suppliers:membership-role", args=[membership.code]), {"role": "owner"}, follow=True)
    assert "Choose a role." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


@pytest.mark.parametrize("action", ["role", "remove"])
def test_the_last_administrator_is_kept(action, org_admin_client, org_admin, member):
    membership = org_admin.memberships.get()
    url = reverse(f"suppliers:membership-{action}", args=[membership.code])
    response = org_admin_client.post(url, {"role": Role.MEMBER}, follow=True)
    assert "last administrator. Make another colleague an administrator first." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_with_a_second_administrator_the_first_may_step_down(org_admin_client, org_admin, org):
    make_user(org, role=Role.ADMIN)
    membership = org_admin.memberships.get()
    org_admin_client.post(reverse("suppliers:membership-role", args=[membership.code]), {"role": Role.MEMBER})
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


@pytest.mark.parametrize("url_name", ["suppliers:membership-role", "suppliers:membership-remove"])
def test_an_administrator_of_another_organisation_gets_404(url_name, member, other_org, client):
    client.force_login(make_user(other_org, role=Role.ADMIN))
    membership = member.memberships.get()
    assert client.post(reverse(url_name, args=[membership.code]), {"role": Role.ADMIN}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_an_administrator_of_another_organisation_cannot_revoke(org, other_org, client):
    invitation = make_invitation(org)
    client.force_login(make_user(other_org, role=Role.ADMIN))
    assert client.post(reverse("suppliers:invitation-revoke", args=[invitation.code])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_demoting_each_other_at_once_leave_one(org, client):
    """Admin B's demotion of A holds the memberships; A's demotion of B, read while both were
    admins, waits for the lock and then finds A the last administrator: refused."""
    first, second = make_user(org, role=Role.ADMIN), make_user(org, role=Role.ADMIN)
    locked = threading.Event()

    def second_demotes_first():
        try:
            with transaction.atomic():
                list(Membership.objects.filter(organisation=org).select_for_update())
                locked.set()
                until_another_connection_waits_for_a_lock("the second administrator")
                membership_role_set(membership=first.memberships.get(), role=Role.MEMBER)
        finally:
            connection.close()

    other = threading.Thread(target=second_demotes_first)
    other.start()
    assert locked.wait(10)
    client.force_login(first)
    response = client.post(reverse("suppliers:membership-role", args=[second.memberships.get().code]), {"role": Role.MEMBER}, follow=True)
    other.join()
    assert "last administrator. Make another colleague an administrator first." in response.content.decode()
    assert list(Membership.objects.filter(organisation=org, role=Role.ADMIN).values_list("user", flat=True)) == [second.pk]


def test_support_sees_an_organisations_invitations_in_django_admin(org, admin_client):
    make_invitation(org, email="pending@example.com")
    page = admin_client.get(reverse("admin:suppliers_organisation_change", args=[org.pk])).content.decode()
    assert "pending@example.com" in page
