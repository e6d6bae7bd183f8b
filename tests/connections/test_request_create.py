import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from connections.models import AuditEntry, ConnectionRequest, Relationship
from connections.services import connection_requests_create, request_reject
from tests.factories import make_buyer, make_request


@pytest.fixture
def buyers(db):
    return [make_buyer("Tungsten Network GmbH"), make_buyer("Tungsten Network Limited", country="GB")]


def test_it_makes_one_request_per_entity_each_with_a_ticket(account, member, buyers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = connection_requests_create(account=account, buyers=buyers, by=member, vendor_code="V-17")
    assert [req.buyer for req in created] == buyers
    for req in ConnectionRequest.objects.filter(account=account):
        assert req.state == ConnectionRequest.State.AWAITING_BUYER
        assert req.organisation_id == account.organisation_id
        assert req.vendor_code == "V-17"
        assert len(req.ticket.reference) == 7 and req.ticket.reference.isdigit()
        assert req.ticket.deadline > req.created_at
        assert list(req.audit.values_list("from_state", "to_state")) == [("", "requested"), ("requested", "awaiting_buyer")]
        assert req.audit.first().actor == member
    assert sorted(message.to[0] for message in mail.outbox) == ["ap@buyer.example"] * 2 + [member.email] * 2


def test_the_buyer_and_the_supplier_are_emailed_only_after_commit(
    account, member, buyers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        connection_requests_create(account=account, buyers=buyers[:1], by=member)
    assert mail.outbox == []
    assert len(callbacks) == 2  # the buyer's request, the supplier's acknowledgement


def test_without_an_ap_contact_the_ticket_waits_for_support(account, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [req] = connection_requests_create(account=account, buyers=[make_buyer(email="")], by=member)
    assert req.state == ConnectionRequest.State.AWAITING_BUYER
    assert req.ticket.is_open
    assert [message.to for message in mail.outbox] == [[member.email]]  # the acknowledgement only


def test_it_refuses_a_connected_buyer(account, member, buyers):
    Relationship.objects.create(organisation=account.organisation, account=account, buyer=buyers[0])
    with pytest.raises(ValidationError, match="already connected"):
        connection_requests_create(account=account, buyers=buyers[:1], by=member)


def test_it_refuses_a_buyer_with_an_open_request_and_saves_none_of_the_batch(org, account, member, buyers):
    make_request(org, buyer=buyers[1])
    with pytest.raises(ValidationError, match="already in progress"):
        connection_requests_create(account=account, buyers=buyers, by=member)
    assert ConnectionRequest.objects.filter(buyer=buyers[0]).count() == 0
    assert AuditEntry.objects.filter(request__buyer=buyers[0]).count() == 0


def test_an_account_may_ask_the_same_buyer_three_times(org, account, member, buyers):
    for _ in range(3):
        req = make_request(org, buyer=buyers[0])
        request_reject(req=req, by=member, reason="Unknown supplier")
    with pytest.raises(ValidationError, match="3 times"):
        connection_requests_create(account=account, buyers=buyers[:1], by=member)


def test_another_account_may_still_ask(org, member, buyers):
    from tests.factories import make_account

    for _ in range(3):
        request_reject(req=make_request(org, buyer=buyers[0]), by=member)
    other = make_account(org)
    [req] = connection_requests_create(account=other, buyers=buyers[:1], by=member)
    assert req.is_open


def test_it_needs_at_least_one_entity(account, member):
    with pytest.raises(ValidationError):
        connection_requests_create(account=account, buyers=[], by=member)
