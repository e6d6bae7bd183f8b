"""Tickets suppliers raise from Help & Support, follow and answer; support hears of each reply."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PDF_BYTES, make_account, make_ticket
from tickets.models import SupportTicket

RAISE = reverse("tickets:raise")


def _raise(client, **data):
    return client.post(RAISE, {"subject": "Payment missing", "body": "Invoice 42 is unpaid."} | data)


def test_a_member_raises_a_ticket_about_an_account_with_an_attachment(member_client, account, member):
    upload = SimpleUploadedFile("remittance.html", PDF_BYTES)
    response = _raise(member_client, account=account.pk, attachment=upload)
    ticket = SupportTicket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tickets:detail", args=[ticket.code])
    assert (ticket.subject, ticket.account, ticket.opened_by, ticket.is_open) == ("Payment missing", account, member, True)
    message = ticket.messages.get()
    assert (message.body, message.attachment_name, message.attachment_type) == (
        "Invoice 42 is unpaid.", "remittance.pdf", "application/pdf"
    )
    download = member_client.get(reverse("tickets:attachment", args=[ticket.code, message.pk]))
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_another_organisations_account_and_keeps_what_was_typed(member_client, account, other_org):
    response = _raise(member_client, account=make_account(other_org).pk)
    assert response.status_code == 200 and response.context["form"].errors["account"]
    assert "Invoice 42 is unpaid." in response.content.decode()
    assert not SupportTicket.objects.exists()


@pytest.mark.parametrize("name,content", [("evil.pdf", b"<html>"), ("notes.txt", b"plain words")])
def test_it_refuses_an_attachment_that_is_not_a_document(member_client, name, content):
    response = _raise(member_client, attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 200 and response.context["form"].errors["attachment"]
    assert not SupportTicket.objects.exists()


def test_the_member_follows_and_replies_and_support_is_told_once(
    member_client, org, member, settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_EMAIL = "desk@example.com"
    ticket = make_ticket(org, by=member)
    url = reverse("tickets:detail", args=[ticket.code])
    assert "Invoice 42 is overdue." in member_client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert member_client.post(url, {"body": "Any news?"}).status_code == 302
    assert [m.body for m in ticket.messages.all()] == ["Invoice 42 is overdue.", "Any news?"]
    [sent] = mail.outbox
    assert sent.to == ["desk@example.com"] and "Any news?" in sent.body and ticket.reference in sent.subject
    reply = ticket.messages.last()
    from tickets.tasks import ticket_reply_email

    ticket_reply_email(reply.pk)  # Celery delivering it again
    assert len(mail.outbox) == 1
    assert "Any news?" in member_client.get(url).content.decode()


def test_home_counts_the_open_tickets(member_client, org, member):
    from tickets.selectors import open_tickets_count
    from tickets.services import ticket_resolve

    first, _second = make_ticket(org, by=member), make_ticket(org, by=member)
    assert open_tickets_count(org=org) == 2
    ticket_resolve(ticket=first)
    assert open_tickets_count(org=org) == 1


def test_another_organisations_ticket_is_a_404(outsider_client, org):
    ticket = make_ticket(org)
    url = reverse("tickets:detail", args=[ticket.code])
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"body": "Hijack"}).status_code == 404
    assert ticket.messages.count() == 1


def test_a_read_only_member_reads_but_neither_raises_nor_replies(read_only_client, org):
    ticket = make_ticket(org)
    url = reverse("tickets:detail", args=[ticket.code])
    assert read_only_client.get(url).status_code == 200
    assert read_only_client.post(url, {"body": "Me too"}).status_code == 403
    assert read_only_client.get(RAISE).status_code == 403
    assert _raise(read_only_client).status_code == 403
    assert SupportTicket.objects.count() == 1 and ticket.messages.count() == 1
