"""Every URL that takes an object id, swept with another organisation's user: each is a 404.

The sweep is built from the URL resolver, so a new view joins it by itself. Each URL keyword that
names a tenant-owned object needs an entry in EXAMPLES (how to make such an object for an
organisation, and which attribute goes into the URL); the sweep fails until it has one.
"""

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.invoices.billing.factories import make_push
from tests.factories import (
    make_account,
    make_attachment,
    make_challenge,
    make_invitation,
    make_invoice,
    make_invoice_status,
    make_request,
    make_status_export,
    make_ticket,
    make_ticket_attachment,
    make_user,
)

# URL keyword → (a function making an object of this kind for an organisation, its URL attribute)
EXAMPLES = {
    "account_code": (lambda org: make_account(org), "code"),
    "request_code": (lambda org: make_request(org), "code"),
    "attachment_code": (lambda org: make_attachment(org), "code"),
    "challenge_code": (lambda org: make_challenge(org), "code"),
    "membership_code": (lambda org: make_user(org).memberships.get(), "code"),
    "invitation_code": (lambda org: make_invitation(org), "code"),
    "ticket_code": (lambda org: make_ticket(org), "code"),
    "push_code": (lambda org: make_push(org), "code"),
    # A sent invoice: every document URL answers its owner (a draft has no downloads).
    "invoice_uuid": (lambda org: make_invoice(org, state="sent"), "uuid"),
    "export_code": (lambda org: make_status_export(org), "code"),
}

# URL keywords that name one object together (a natural key) → (a function making such an
# object for an organisation, each keyword's attribute path)
NATURAL_KEYS = {
    ("ticket_code", "message_id"): (make_ticket_attachment, {"ticket_code": "ticket.code", "message_id": "pk"}),
    ("account_code", "buyer_number", "invoice_number"): (
        make_invoice_status,
        {"account_code": "account.code", "buyer_number": "buyer.network_number", "invoice_number": "invoice_number"},
    ),
}

# Views that only change state: GET is a 405 (tests/portal/test_post_only.py), and the owner
# reaches them with POST.
POST_ONLY = {
    "logout",
    "set_language",
    "invoices:billing-push-retry",
    "suppliers:account-switch",
    "suppliers:colleague-invite",
    "suppliers:email-verification-resend",
    "suppliers:invitation-revoke",
    "suppliers:membership-remove",
    "suppliers:membership-role",
    "invoicing:copy",
    "invoicing:credit-note",
    "invoicing:resend",
    "invoicing:delete",
    "invoices:status-export",
}

# URL names (or whole namespaces) outside the sweep, each with the reason.
NOT_TENANT = {
    "admin": "Django admin: support staff cross tenants by design, guarded by permissions",
    "password_reset_confirm": "the signed token in the URL is the access check",
    "set_language": "takes no object",
    "connections:buyer-request": "the buyer has no account: the signed link is the access check",
    "connections:buyer-attachment": "the buyer has no account: the signed link is the access check",
    "suppliers:email-verify": "the signed link, naming its user and address, is the access check",
    "connections:buyer-identity": "the buyer has no account: the signed link is the access check",
    "suppliers:invitation-accept": "the invitee may have no account: the signed link is the access check",
}


def url_patterns(resolver=None, namespace=""):
    """Every named URL as (namespaced name, its keywords), keywords possibly none."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            keys = list(getattr(entry.pattern, "converters", {})) or list(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", keys


def _swept(name: str) -> bool:
    return name not in NOT_TENANT and name.split(":")[0] not in NOT_TENANT


OBJECT_URLS = sorted((name, tuple(keys)) for name, keys in url_patterns() if keys and _swept(name))


def test_the_sweep_covers_some_urls():
    assert OBJECT_URLS, "no tenant URL takes an object id: the sweep would test nothing"


@pytest.mark.parametrize("name,keys", OBJECT_URLS)
def test_every_object_url_has_an_example(name, keys):
    missing = [] if keys in NATURAL_KEYS else [key for key in keys if key not in EXAMPLES]
    assert not missing, f"{name}: add an example for {missing} to EXAMPLES"


def _attribute(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def url_and_objects(name, keys, org):
    if keys in NATURAL_KEYS:
        make, paths = NATURAL_KEYS[keys]
        obj = make(org)
        return reverse(name, kwargs={key: _attribute(obj, path) for key, path in paths.items()}), [obj]
    objects, kwargs = [], {}
    for key in keys:
        make, attribute = EXAMPLES[key]
        obj = make(org)
        objects.append(obj)
        kwargs[key] = getattr(obj, attribute)
    return reverse(name, kwargs=kwargs), objects


@pytest.mark.parametrize("name,keys", OBJECT_URLS)
def test_another_organisation_gets_404_and_changes_nothing(name, keys, org, client, outsider):
    url, objects = url_and_objects(name, keys, org)
    before = [model_to_dict(obj) for obj in objects]
    client.force_login(outsider)
    # A POST-only view refuses a GET, a read-only view a POST: 405 answers the same for any id, so
    # reveals nothing. The method the view accepts must answer 404.
    got = client.get(url).status_code
    posted = client.post(url, {"legal_name": "Taken over", "vendor_code": "X"}).status_code
    if name in POST_ONLY:
        assert posted == 404
    else:
        assert got == 404 and posted in (404, 405)
    assert [model_to_dict(type(obj).objects.get(pk=obj.pk)) for obj in objects] == before


@pytest.mark.parametrize("name,keys", OBJECT_URLS)
def test_the_owner_reaches_the_same_url(name, keys, org, client, org_admin):
    """The outsider's 404 above proves something only if the owner gets through, with the method
    the view accepts (a 405 would prove nothing)."""
    url, _ = url_and_objects(name, keys, org)
    client.force_login(org_admin)
    response = client.post(url, {"role": "member"}) if name in POST_ONLY else client.get(url)
    assert response.status_code in (200, 302)
