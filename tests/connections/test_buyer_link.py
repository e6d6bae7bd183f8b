import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from connections.buyer_link import buyer_link_token
from connections.models import ConnectionRequest, Relationship
from connections.services import request_buyer_email_resend
from tests.factories import make_buyer, make_request

State = ConnectionRequest.State


@pytest.fixture
def req(org):
    return make_request(org, buyer=make_buyer("Tungsten Network GmbH"), vendor_code="V-9", attachment=True)


def _url(req):
    return reverse("connections:buyer-request", kwargs={"token": buyer_link_token(req)})


def test_the_page_shows_the_supplier_and_a_get_changes_nothing(client, req):
    response = client.get(_url(req))
    assert response.status_code == 200
    assert req.account.legal_name in response.content.decode()
    assert req.account.network_number in response.content.decode()
    assert b"V-9" in response.content
    req.refresh_from_db()
    assert req.state == State.AWAITING_BUYER


def test_the_buyer_confirms_with_a_post(client, req):
    response = client.post(_url(req), {"answer": "confirm"})
    assert response.status_code == 200
    req.refresh_from_db()
    assert req.state == State.ACTIVE
    assert Relationship.objects.filter(account=req.account, buyer=req.buyer, vendor_code="V-9").exists()
    assert req.audit.last().actor_label == "ap@buyer.example"


def test_the_buyer_rejects_with_a_reason(client, req):
    client.post(_url(req), {"answer": "reject", "reason": "Not our supplier"})
    req.refresh_from_db()
    assert (req.state, req.reason) == (State.REJECTED, "Not our supplier")


def test_a_used_link_gets_a_clear_page(client, req):
    url = _url(req)
    client.post(url, {"answer": "confirm"})
    for response in (client.get(url), client.post(url, {"answer": "reject"})):
        assert response.status_code == 410
        assert b"already been answered" in response.content
    req.refresh_from_db()
    assert req.state == State.ACTIVE


def test_a_tampered_link_gets_a_clear_page(client, req):
    token = buyer_link_token(req)
    response = client.get(reverse("connections:buyer-request", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 410
    assert b"not valid" in response.content


def test_a_link_older_than_30_days_has_expired(client, req):
    with time_machine.travel(req.created_at - timedelta(days=31)):
        url = _url(req)
    response = client.get(url)
    assert response.status_code == 410
    assert b"expired" in response.content


def test_a_resend_retires_the_earlier_link(client, req, member):
    old = _url(req)
    request_buyer_email_resend(req=req, by=member)
    req.refresh_from_db()
    assert client.get(old).status_code == 410
    assert client.get(_url(req)).status_code == 200


def test_the_buyer_downloads_the_attachment_through_the_link(client, req):
    response = client.get(reverse("connections:buyer-attachment", kwargs={"token": buyer_link_token(req)}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_email_to_the_buyer_carries_the_details_and_the_link(client, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = make_request(
            org, buyer=make_buyer("Kovo s.r.o.", language="cs"), vendor_code="V-1", notes="PO 4711", attachment=True
        )
    [message] = [message for message in mail.outbox if message.to == ["ap@buyer.example"]]
    for detail in (req.account.legal_name, req.account.vat_number, req.account.network_number, "V-1", "PO 4711"):
        assert detail in message.body
    assert "Please confirm" not in message.subject  # the buyer's language, Czech
    attachment, page = re.findall(r"http://127\.0\.0\.1:8000(/buyer/\S+)", message.body)
    assert client.get(page).status_code == 200
    assert client.get(attachment)["Content-Disposition"] == 'attachment; filename="po.pdf"'
