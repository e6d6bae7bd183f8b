import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from connections.models import ConnectionRequest, Relationship
from connections.services import (
    request_buyer_email_resend,
    request_confirm,
    request_expire,
    request_reject,
    request_withdraw,
)
from tests.factories import make_buyer, make_request

State = ConnectionRequest.State


def _in_czech(text: str) -> str:
    with translation.override("cs"):
        translated = translation.gettext(text)
    assert translated != text, f"no Czech translation of {text!r}"
    return translated


@pytest.fixture
def req(org, member):
    return make_request(org, by=member, buyer=make_buyer("Tungsten Network GmbH"), vendor_code="V-9")


def test_confirming_makes_the_relationship_and_tells_the_supplier(req, member, django_capture_on_commit_callbacks):
    member.preferred_language = "cs"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        relationship = request_confirm(req=req, actor_label="ap@buyer.example")
    req.refresh_from_db()
    assert req.state == State.ACTIVE and req.closed_at is not None
    assert relationship.vendor_code == "V-9"
    assert Relationship.objects.filter(account=req.account, buyer=req.buyer).exists()
    assert not req.ticket.is_open
    [message] = mail.outbox
    assert message.to == [member.email]
    assert req.ticket.reference in message.subject
    assert "Tungsten Network GmbH" in message.body
    assert _in_czech("Reference number") in message.body  # the member's language
    entry = req.audit.last()
    assert (entry.from_state, entry.to_state, entry.actor_label) == ("awaiting_buyer", "active", "ap@buyer.example")


def test_rejecting_keeps_the_reason_and_tells_the_supplier(req, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_reject(req=req, by=member, reason="We do not know this supplier")
    req.refresh_from_db()
    assert req.state == State.REJECTED
    assert req.reason == "We do not know this supplier"
    assert not Relationship.objects.filter(account=req.account, buyer=req.buyer).exists()
    assert "We do not know this supplier" in mail.outbox[-1].body
    assert req.audit.last().reason == "We do not know this supplier"


def test_withdrawing_closes_the_ticket_without_mail(req, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_withdraw(req=req, by=member)
    req.refresh_from_db()
    assert req.state == State.WITHDRAWN
    assert not req.ticket.is_open
    assert mail.outbox == []


def test_expiry_tells_the_supplier(req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_expire(req=req)
    req.refresh_from_db()
    assert req.state == State.EXPIRED
    assert "30" in mail.outbox[-1].body


@pytest.mark.parametrize("change", [
    lambda req, user: request_confirm(req=req, by=user),
    lambda req, user: request_reject(req=req, by=user),
    lambda req, user: request_withdraw(req=req, by=user),
    lambda req, user: request_expire(req=req),
    lambda req, user: request_buyer_email_resend(req=req, by=user),
])
def test_a_closed_request_refuses_every_transition(req, member, change):
    request_withdraw(req=req, by=member)
    audit_before = req.audit.count()
    with pytest.raises(ValidationError):
        change(req, member)
    req.refresh_from_db()
    assert req.state == State.WITHDRAWN
    assert req.audit.count() == audit_before


def test_resending_retires_the_old_link(req, member, django_capture_on_commit_callbacks):
    old_nonce = req.buyer_link_nonce
    with django_capture_on_commit_callbacks(execute=True):
        request_buyer_email_resend(req=req, by=member)
    req.refresh_from_db()
    assert req.buyer_link_nonce and req.buyer_link_nonce != old_nonce
    assert req.buyer_emailed_at is not None
    assert mail.outbox[-1].to == ["ap@buyer.example"]
