"""E-mails link to the portal the user runs: PORTAL_URL, which defaults to `make run`'s port
(tests/portal/test_deploy.py checks that default)."""

import re

import pytest
from django.core import mail
from django.urls import resolve, reverse

from connections.services import request_confirm
from suppliers.services import email_verification_send
from tests.factories import make_buyer, make_request, make_support_user, make_user
from tickets.services import ticket_message_add

LINK = re.compile(r"""https?://[^\s"'<>]+""")


def _links(messages) -> list[str]:
    bodies = [m.body for m in messages] + [html for m in messages for html, _ in m.alternatives]
    return [link for body in bodies for link in LINK.findall(body)]


@pytest.mark.parametrize("portal_url", ["http://127.0.0.1:8801", "https://portal.example:8443"])
def test_every_link_of_a_requests_e_mails_points_at_the_portal(org, settings, django_capture_on_commit_callbacks, portal_url):
    settings.PORTAL_URL = portal_url
    with django_capture_on_commit_callbacks(execute=True):
        req = make_request(org, buyer=make_buyer("Tungsten Network GmbH"), attachment=True)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_message_add(ticket=req.ticket, by=make_support_user(), body="Any news?", from_support=True)
    with django_capture_on_commit_callbacks(execute=True):
        request_confirm(req=req, actor_label="ap@buyer.example")

    [buyer_email] = [message for message in mail.outbox if message.to == [req.buyer.ap_contact_email]]
    to_supplier = [message for message in mail.outbox if message is not buyer_email]
    assert len(to_supplier) == 3  # request received, support's message, connected
    assert all(link.startswith(portal_url + "/") for link in _links(mail.outbox))
    buyer_pages = {resolve(link.removeprefix(portal_url)).view_name for link in _links([buyer_email])}
    assert buyer_pages == {"connections:buyer-request", "connections:buyer-attachment"}
    view_request = reverse("connections:request-detail", kwargs={"request_code": req.code})
    view_ticket = reverse("tickets:detail", kwargs={"ticket_code": req.ticket.code})
    assert [set(_links([message])) for message in to_supplier] == [
        {portal_url + view_request}, {portal_url + view_ticket}, {portal_url + view_request}
    ]


def test_the_verification_link_points_at_the_portal(org, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_URL = "http://127.0.0.1:8801"
    user = make_user(org, verified_email="")
    with django_capture_on_commit_callbacks(execute=True):
        email_verification_send(user=user)
    [link] = set(_links(mail.outbox))
    assert resolve(link.removeprefix("http://127.0.0.1:8801")).view_name == "suppliers:email-verify"
