"""Every e-mail task sends once per event and recipient, however often Celery delivers it."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from connections.models import ConnectionRequest
from connections.services import request_buyer_email_resend, request_reject
from connections.tasks import buyer_email_send, buyer_reminders_send, supplier_email_send
from portal.lib.emails import email_send
from portal.lib.models import SentEmail
from tests.factories import make_buyer, make_request, make_support_user, make_user
from tickets.services import ticket_message_add
from tickets.tasks import ticket_message_email


@pytest.fixture
def req(org, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = make_request(org, buyer=make_buyer("Tungsten Network GmbH"), by=member)
    return req


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_supplier_email_send_twice_for_one_event_sends_one_email(req, member):
    request_reject(req=req, by=make_support_user(), reason="Unknown supplier")
    mail.outbox.clear()
    supplier_email_send(req.pk, "rejected")
    supplier_email_send(req.pk, "rejected")
    assert len(_to(member.email)) == 1
    assert SentEmail.objects.get(event=f"request_rejected:{req.pk}").sent_at is not None


def test_every_member_told_of_an_event_gets_it_once(req, org, member):
    colleague = make_user(org)
    member.is_active = False  # the request's author has left: every member is told
    member.save()
    mail.outbox.clear()  # the acknowledgement of the request
    supplier_email_send(req.pk, "expired")
    supplier_email_send(req.pk, "expired")
    assert len(_to(colleague.email)) == 1 and _to(member.email) == []


def test_ticket_message_email_twice_sends_one_email_and_a_new_message_sends_again(req, member):
    support = make_support_user()
    mail.outbox.clear()  # the acknowledgement of the request
    first = ticket_message_add(ticket=req.ticket, by=support, body="Please send an invoice", from_support=True)
    ticket_message_email(first.pk)
    ticket_message_email(first.pk)
    assert len(_to(member.email)) == 1
    second = ticket_message_add(ticket=req.ticket, by=support, body="Thank you", from_support=True)
    ticket_message_email(second.pk)
    ticket_message_email(second.pk)
    assert [message.body.count("Thank you") > 0 for message in _to(member.email)] == [False, True]


def test_the_buyer_link_is_sent_once_even_if_the_worker_died_before_recording_it(req):
    assert len(_to("ap@buyer.example")) == 1
    # Redelivered after the e-mail went but before buyer_emailed_at was written:
    ConnectionRequest.objects.filter(pk=req.pk).update(buyer_emailed_at=None)
    buyer_email_send(req.pk)
    assert len(_to("ap@buyer.example")) == 1
    assert ConnectionRequest.objects.get(pk=req.pk).buyer_emailed_at is not None


def test_a_resent_link_is_a_new_event(req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_buyer_email_resend(req=req, by=make_support_user())
    buyer_email_send(req.pk)
    assert len(_to("ap@buyer.example")) == 2


def test_a_reminder_delivered_twice_is_sent_once(req):
    ConnectionRequest.objects.filter(pk=req.pk).update(buyer_emailed_at=timezone.now() - timedelta(days=3, minutes=1))
    assert buyer_reminders_send() == 1
    # The count was lost (a restored row, a worker that died after sending): the same reminder.
    ConnectionRequest.objects.filter(pk=req.pk).update(reminders_sent=0)
    buyer_reminders_send()
    assert len(_to("ap@buyer.example")) == 2  # the link and one reminder
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert buyer_reminders_send() == 1
    assert len(_to("ap@buyer.example")) == 3  # the second reminder is a new event


def test_a_failed_send_releases_its_claim_so_the_retry_sends(db, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    arguments = {"to": "ap@buyer.example", "template": "ticket_message", "context": {}, "event": "test:1"}
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(OSError):
            email_send(**arguments)
    assert not SentEmail.objects.exists()
    assert email_send(**arguments) is True
    assert email_send(**{**arguments, "to": "AP@Buyer.example"}) is False
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_one_event_at_once_send_one_email(org, member):
    req = make_request(org, buyer=make_buyer(), by=member)
    mail.outbox.clear()
    start = threading.Barrier(2)

    def deliver():
        try:
            start.wait(10)
            supplier_email_send(req.pk, "expired")
        finally:
            connection.close()

    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert len(_to(member.email)) == 1


def test_operators_find_claims_never_marked_sent_in_admin(client, db):
    SentEmail.objects.create(event="request_expired:1", recipient="lost@example.com")
    SentEmail.objects.create(event="request_expired:1", recipient="sent@example.com", sent_at=timezone.now())
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:portal_sentemail_changelist"), {"sent_at__isempty": "1"}).content.decode()
    assert "lost@example.com" in page and "sent@example.com" not in page
