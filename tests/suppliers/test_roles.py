"""What each role may do: read-only members see everything and change nothing, members act,
administrators also manage accounts (and colleagues, see test_colleagues.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from challenges.models import Challenge
from connections.models import ConnectionRequest
from suppliers.models import Membership
from tests.factories import make_account, make_buyer, make_challenge, make_request, make_user

Role = Membership.Role
CONNECT_BUTTON = 'class="btn btn-primary text-uppercase">Connect</button>'
READ_ONLY_NOTE = "Your role is read-only"


@pytest.mark.parametrize(
    "role,ranks",
    [
        (Role.ADMIN, {Role.ADMIN: True, Role.MEMBER: True, Role.READ_ONLY: True}),
        (Role.MEMBER, {Role.ADMIN: False, Role.MEMBER: True, Role.READ_ONLY: True}),
        (Role.READ_ONLY, {Role.ADMIN: False, Role.MEMBER: False, Role.READ_ONLY: True}),
    ],
)
def test_roles_rank(role, ranks):
    membership = Membership(role=role)
    assert {other: membership.has_role(other) for other in ranks} == ranks


def _connect_url(buyer):
    return f"{reverse('connections:connect')}?buyer={buyer.network_number}"


def test_a_read_only_member_sees_the_connect_form_without_its_button(read_only_client):
    page = read_only_client.get(_connect_url(make_buyer())).content.decode()
    assert CONNECT_BUTTON not in page
    assert READ_ONLY_NOTE in page


def test_a_member_sees_the_connect_button(member_client):
    page = member_client.get(_connect_url(make_buyer())).content.decode()
    assert CONNECT_BUTTON in page
    assert READ_ONLY_NOTE not in page


def test_a_read_only_members_forged_connect_is_refused(read_only_client, account):
    buyer = make_buyer()
    response = read_only_client.post(
        _connect_url(buyer), {"account": account.code, "entities": [buyer.network_number], "vendor_code": "V1"}
    )
    assert response.status_code == 403
    assert not ConnectionRequest.objects.filter(buyer=buyer).exists()


def test_the_403_page_offers_a_way_back_in_the_users_language(read_only_client, account, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = read_only_client.post(reverse("connections:connect"), {"account": account.code})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="de"' in page
    assert "Nicht erlaubt" in page
    assert f'href="{reverse("home")}"' in page


def test_a_read_only_member_cannot_withdraw_or_write(read_only_client, org):
    req = make_request(org)
    detail = reverse("connections:request-detail", kwargs={"request_code": req.code})
    page = read_only_client.get(detail).content.decode()
    assert "Withdraw the request" not in page and ">Send</button>" not in page
    assert READ_ONLY_NOTE in page
    withdraw = reverse("connections:request-withdraw", kwargs={"request_code": req.code})
    assert read_only_client.post(withdraw).status_code == 403
    assert read_only_client.post(detail, {"body": "Hello"}).status_code == 403
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.AWAITING_BUYER
    assert not req.ticket.messages.exists()


def test_a_member_withdraws(member_client, org):
    req = make_request(org)
    page = member_client.get(reverse("connections:request-detail", kwargs={"request_code": req.code})).content.decode()
    assert "Withdraw the request" in page
    member_client.post(reverse("connections:request-withdraw", kwargs={"request_code": req.code}))
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.WITHDRAWN


def test_a_read_only_member_sees_the_challenge_but_cannot_answer_or_give_up(read_only_client, org):
    challenge = make_challenge(org)
    url = reverse("challenges:activate", kwargs={"challenge_code": challenge.code})
    page = read_only_client.get(url).content.decode()
    assert "Step 1." not in page and "I can't complete this" not in page
    assert READ_ONLY_NOTE in page
    answer = {"number": "INV0000002", "invoice_date": "29/09/2026", "amount": "102"}
    assert read_only_client.post(url, answer).status_code == 403
    give_up = reverse("challenges:give-up", kwargs={"challenge_code": challenge.code})
    assert read_only_client.post(give_up).status_code == 403
    challenge.refresh_from_db()
    assert challenge.step == Challenge.Step.INVOICE and not challenge.attempts.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.READ_ONLY])
def test_only_an_administrator_adds_or_edits_supplier_accounts(role, org, account, client):
    client.force_login(make_user(org, role=role))
    page = client.get(reverse("suppliers:my-account")).content.decode()
    assert "Add a supplier account" not in page
    assert reverse("suppliers:account-edit", args=[account.code]) not in page
    assert client.get(reverse("suppliers:account-add")).status_code == 403
    edit = reverse("suppliers:account-edit", args=[account.code])
    assert client.post(edit, {"legal_name": "Renamed", "country": "GB"}).status_code == 403
    account.refresh_from_db()
    assert account.legal_name != "Renamed"


def test_an_administrator_sees_the_account_buttons(org_admin_client, account):
    page = org_admin_client.get(reverse("suppliers:my-account")).content.decode()
    assert "Add a supplier account" in page
    assert reverse("suppliers:account-edit", args=[account.code]) in page


def test_a_read_only_member_edits_their_own_details(read_only_client, read_only):
    response = read_only_client.post(
        reverse("suppliers:my-account"),
        {"first_name": "Rita", "last_name": "Reader", "email": read_only.email, "preferred_language": "pl"},
    )
    assert response.status_code == 302
    read_only.refresh_from_db()
    assert (read_only.last_name, read_only.preferred_language) == ("Reader", "pl")


def test_a_read_only_member_switches_the_account_in_use(read_only_client, org):
    second = make_account(org)
    response = read_only_client.post(reverse("suppliers:account-switch"), {"account": second.code})
    assert response.status_code == 302
    assert read_only_client.get(reverse("home")).context["account"] == second
