"""Every URL of the portal, swept with each role: a read-only member's POST is refused (403, or 405
where the view only reads) and changes nothing; a member is refused every administrator's page;
another organisation's member gets 404 on every object URL whatever their role there.

Built from the URL resolver like the cross-tenant sweep, so a new view joins it by itself: a view
that a read-only member may POST to must be named in READ_ONLY_MAY_POST, with the reason.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from suppliers.models import Membership
from tests.factories import make_user
from tests.portal.test_cross_tenant import OBJECT_URLS, url_and_objects, url_patterns

Role = Membership.Role

READ_ONLY_MAY_POST = {
    "admin": "Django admin: support staff only, guarded by permissions",
    "login": "signing in",
    "logout": "signing out",
    "password_change": "the user's own password",
    "password_reset": "the user's own password",
    "password_reset_confirm": "the user's own password (the signed token is the access check)",
    "set_language": "the user's own preference",
    "suppliers:signup": "starts a new organisation",
    "suppliers:my-account": "the user's own profile: everyone edits their own details",
    "suppliers:account-switch": "the account in use is the user's preference, not the organisation's data",
    "suppliers:invitation-accept": "the signed link is the access check; joining is the invitee's own act",
    "connections:buyer-request": "the buyer's signed link, no account",
    "connections:buyer-attachment": "the buyer's signed link, no account",
    "connections:buyer-identity": "the buyer's signed link, no account",
    "suppliers:email-verify": "the user's own address (the signed link is the access check)",
    "suppliers:email-verification-resend": "the user's own address",
    "invoices:status-export": "an export only reads the invoices (the task writes a file, not the organisation's data)",
}

ADMIN_ONLY = {
    "suppliers:account-add",
    "suppliers:account-edit",
    "tickets:account-ask-support",
    "suppliers:colleague-invite",
    "suppliers:membership-role",
    "suppliers:membership-remove",
    "suppliers:invitation-revoke",
}

# Pages every member reads but only administrators change: a member's GET is answered, a POST is 403.
ADMIN_WRITES = {
    "invoices:billing-integration": "members see that a billing integration exists (never its credentials)",
}


def _swept(name: str) -> bool:
    return name not in READ_ONLY_MAY_POST and name.split(":")[0] not in READ_ONLY_MAY_POST


ALL_URLS = sorted({(name, tuple(keys)) for name, keys in url_patterns() if _swept(name)})


def _rows() -> dict[str, int]:
    """How many rows every table holds: a refused POST changes none."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _url(name, keys, org):
    if not keys:
        return reverse(name)
    return url_and_objects(name, keys, org)[0]


def _post(client, url):
    return client.post(url, {"legal_name": "Taken over", "role": Role.ADMIN, "email": "x@example.com", "body": "Hi"})


def test_the_sweep_covers_the_write_views():
    names = {name for name, _ in ALL_URLS}
    assert {"connections:connect", "connections:request-withdraw", "challenges:give-up"} <= names
    assert ADMIN_ONLY <= names
    assert ADMIN_WRITES.keys() <= names


@pytest.mark.parametrize("name,keys", ALL_URLS)
def test_a_read_only_member_changes_nothing(name, keys, org, client, read_only):
    url = _url(name, keys, org)
    client.force_login(read_only)
    before = _rows()
    response = _post(client, url)
    assert response.status_code in (403, 405), f"{name}: a read-only member's POST answered {response.status_code}"
    if response.status_code == 405:
        assert "POST" not in response["Allow"]
    assert _rows() == before


@pytest.mark.parametrize("name,keys", sorted(url for url in ALL_URLS if url[0] not in ADMIN_ONLY | ADMIN_WRITES.keys()))
def test_a_member_is_not_refused_what_read_only_is(name, keys, org, client, member):
    """The sweep above could pass by refusing everyone: a member gets past the role check."""
    url = _url(name, keys, org)
    client.force_login(member)
    assert _post(client, url).status_code != 403


@pytest.mark.parametrize("name,keys", sorted(url for url in ALL_URLS if url[0] in ADMIN_ONLY))
@pytest.mark.parametrize("role", [Role.MEMBER, Role.READ_ONLY])
def test_every_administrators_page_refuses_others(name, keys, role, org, client):
    url = _url(name, keys, org)
    client.force_login(make_user(org, role=role))
    before = _rows()
    assert client.get(url).status_code in (403, 405)
    assert _post(client, url).status_code == 403
    assert _rows() == before


@pytest.mark.parametrize("name,keys", sorted(url for url in ALL_URLS if url[0] in ADMIN_WRITES))
@pytest.mark.parametrize("role", [Role.MEMBER, Role.READ_ONLY])
def test_pages_administrators_change_are_read_by_others(name, keys, role, org, client):
    url = _url(name, keys, org)
    client.force_login(make_user(org, role=role))
    before = _rows()
    assert client.get(url).status_code == 200
    assert _post(client, url).status_code == 403
    assert _rows() == before


@pytest.mark.parametrize("name,keys", sorted(url for url in ALL_URLS if url[0] in ADMIN_ONLY))
def test_an_administrator_reaches_every_administrators_page(name, keys, org, client, org_admin):
    client.force_login(org_admin)
    assert client.get(_url(name, keys, org)).status_code in (200, 405)


@pytest.mark.parametrize("name,keys", OBJECT_URLS)
@pytest.mark.parametrize("role", [Role.ADMIN, Role.READ_ONLY])
def test_another_organisation_gets_404_whatever_its_role(name, keys, role, org, other_org, client):
    """The role check comes after the object lookup: an outsider learns nothing from a 403."""
    url = url_and_objects(name, keys, org)[0]
    client.force_login(make_user(other_org, role=role))
    answers = {client.get(url).status_code, _post(client, url).status_code}
    assert answers in ({404}, {404, 405})
