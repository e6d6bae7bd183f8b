"""The supplier's e-mails about a request: the acknowledgement with its reference number when it
is filed, and a rejection that says who rejected it."""

from datetime import UTC, datetime

from django.core import mail

from connections.services import connection_requests_create, request_reject
from connections.tasks import request_received_email_send
from tests.factories import make_buyer, make_challenge, make_request, make_support_user, make_user
from tickets.models import SupportTicket


def _to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def test_filing_a_request_acknowledges_it_with_its_reference(org, account, django_capture_on_commit_callbacks):
    filer = make_user(org, preferred_language="de")
    with django_capture_on_commit_callbacks(execute=True):
        [req] = connection_requests_create(account=account, buyers=[make_buyer("Tungsten Network GmbH")], by=filer)
    [message] = _to(filer)
    assert req.ticket.reference in message.subject
    assert "Ihre Anfrage an Tungsten Network GmbH ist eingegangen" in message.subject  # the filer's language
    assert req.ticket.reference in message.body and str(req.code) in message.body


def test_the_acknowledgement_gives_the_deadline_in_the_filers_zone(org, account):
    filer = make_user(org, preferred_language="pl", time_zone="Asia/Tokyo")
    req = make_request(org, by=filer)
    SupportTicket.objects.filter(request=req).update(deadline=datetime(2026, 12, 1, 14, 45, tzinfo=UTC))
    mail.outbox.clear()
    request_received_email_send(req.pk)
    [message] = _to(filer)
    assert "zostanie rozpatrzona do 1 grudnia 2026, 23:45 JST" in message.body


def test_only_the_filer_is_acknowledged(org, account, django_capture_on_commit_callbacks):
    filer, colleague = make_user(org), make_user(org)
    with django_capture_on_commit_callbacks(execute=True):
        connection_requests_create(account=account, buyers=[make_buyer(), make_buyer()], by=filer)
    assert len(_to(filer)) == 2  # one per request, each with its own reference
    assert _to(colleague) == []


def test_a_challenge_is_acknowledged_only_when_it_reaches_support(org, member, django_capture_on_commit_callbacks):
    from challenges.services import challenge_give_up

    with django_capture_on_commit_callbacks(execute=True):
        challenge = make_challenge(org, by=member)
    assert _to(member) == []  # no ticket, no reference yet: the supplier is on the challenge page
    with django_capture_on_commit_callbacks(execute=True):
        challenge_give_up(challenge=challenge, by=member)
    challenge.request.refresh_from_db()
    [message] = _to(member)
    assert challenge.request.ticket.reference in message.subject


def test_a_rejection_by_support_says_support_rejected(org, member, django_capture_on_commit_callbacks):
    req = make_request(org, by=member, buyer=make_buyer("Tungsten Network GmbH"))
    support = make_support_user()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_reject(req=req, by=support, reason="Unknown supplier")
    [message] = _to(member)
    assert "Help & Support rejected your request to Tungsten Network GmbH" in message.subject
    assert "Help & Support rejected your request to connect with Tungsten Network GmbH" in message.body
    assert "did not confirm" not in message.body
    assert "Unknown supplier" in message.body


def test_a_rejection_by_the_buyer_names_the_buyer(org, member, django_capture_on_commit_callbacks):
    req = make_request(org, by=member, buyer=make_buyer("Kovo s.r.o."))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_reject(req=req, actor_label="ap@buyer.example", reason="")
    [message] = _to(member)
    assert "Kovo s.r.o. did not confirm your request" in message.subject
    assert "Help & Support rejected" not in message.body


def test_the_acknowledgements_link_reads_as_a_link_not_a_label(org, account, django_capture_on_commit_callbacks):
    filer = make_user(org, preferred_language="cs")
    with django_capture_on_commit_callbacks(execute=True):
        [req] = connection_requests_create(account=account, buyers=[make_buyer()], by=filer)
    [message] = _to(filer)
    html = message.alternatives[0].content
    assert f'/customers/requests/{req.code}/">Zobrazit žádost</a>' in html  # no trailing colon
    assert "Zobrazit žádost: http" in message.body  # the plain text keeps its label
