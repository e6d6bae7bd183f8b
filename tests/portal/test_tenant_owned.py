"""portal.models.TenantOwned: the organisation comes from the row's parent, and only from it."""

import pytest

from challenges.models import ChallengeAttempt
from connections.models import AuditEntry, ConnectionRequest, Relationship
from invoices.models import LoadRun
from tests.factories import make_buyer, make_challenge, make_relationship, make_request


def test_it_stamps_the_organisation_from_the_account(org, account):
    req = ConnectionRequest.objects.create(account=account, buyer=make_buyer())
    assert req.organisation_id == org.pk


def test_it_stamps_the_organisation_from_another_parent(org, account):
    relationship = make_relationship(account, make_buyer())
    assert LoadRun.objects.create(relationship=relationship).organisation_id == org.pk
    challenge = make_challenge(org)
    attempt = ChallengeAttempt.objects.create(challenge=challenge, step="invoice", outcome="passed")
    assert attempt.organisation_id == org.pk


def test_it_refuses_an_organisation_other_than_the_accounts(account, other_org):
    with pytest.raises(ValueError):
        ConnectionRequest.objects.create(organisation=other_org, account=account, buyer=make_buyer())
    assert not ConnectionRequest.objects.exists()


def test_it_refuses_an_organisation_other_than_the_requests(org, other_org):
    req = make_request(org)
    with pytest.raises(ValueError):
        AuditEntry.objects.create(organisation=other_org, request=req, from_state="", to_state="requested")
    assert not AuditEntry.objects.filter(organisation=other_org).exists()


def test_it_keeps_the_organisation_given_when_it_is_the_accounts(org, account):
    req = ConnectionRequest.objects.create(organisation=org, account=account, buyer=make_buyer())
    assert req.organisation_id == org.pk


def test_for_org_keeps_only_the_organisations_rows(org, other_org):
    theirs = make_relationship(other_org.accounts.get(), make_buyer("Theirs"))
    ours = set(Relationship.objects.filter(account__organisation=org))
    assert ours and set(Relationship.objects.for_org(org)) == ours
    assert list(Relationship.objects.filter(pk=theirs.pk).for_org(other_org.pk)) == [theirs]
    assert not Relationship.objects.filter(pk=theirs.pk).for_org(org).exists()
    assert not Relationship.objects.for_org(None).exists()
