import re

import pytest
from django.core import mail
from django.urls import reverse

from connections.models import ConnectionRequest, Relationship
from connections.services import connection_requests_create
from customers.models import BuyerEntity
from tests.factories import make_buyer, make_request, make_support_user, make_user

CHANGELIST = reverse("admin:tickets_supportticket_changelist")


@pytest.fixture
def support_client(client, db):
    client.force_login(make_support_user())
    return client


@pytest.fixture
def req(org, member):
    return make_request(org, by=member, buyer=make_buyer("Tungsten Network GmbH"), attachment=True)


def test_plain_staff_see_nothing_of_tickets(client, req):
    client.force_login(make_user(is_staff=True))
    assert client.get(CHANGELIST).status_code == 403
    assert client.post(CHANGELIST, {"action": "confirm", "_selected_action": [req.ticket.pk]}).status_code == 403
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.AWAITING_BUYER


def test_support_finds_a_ticket_by_reference_and_names(support_client, req):
    for query in (req.ticket.reference, "Tungsten", req.account.network_number):
        response = support_client.get(CHANGELIST, {"q": query})
        assert req.ticket.reference in response.content.decode()


def test_the_overdue_filter(support_client, req):
    req.ticket.deadline = req.ticket.created_at.replace(year=2020)
    req.ticket.save()
    fresh = make_request(req.account.organisation)
    page = support_client.get(CHANGELIST, {"overdue": "yes"}).content.decode()
    assert req.ticket.reference in page and fresh.ticket.reference not in page


def test_the_ticket_page_shows_request_attachment_and_history(support_client, req):
    response = support_client.get(reverse("admin:tickets_supportticket_change", args=[req.ticket.pk]))
    page = response.content.decode()
    assert req.account.network_number in page and "po.pdf" in page and "Awaiting customer confirmation" in page
    download = support_client.get(reverse("admin:tickets_supportticket_attachment", args=[req.attachment.code]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_support_confirms_through_the_service(support_client, req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        support_client.post(CHANGELIST, {"action": "confirm", "_selected_action": [req.ticket.pk]})
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.ACTIVE
    assert Relationship.objects.filter(account=req.account, buyer=req.buyer).exists()
    assert req.audit.last().actor.email == "support@network.example"
    assert mail.outbox[-1].to == [req.created_by.email]


def test_support_rejects_with_a_reason(support_client, req, django_capture_on_commit_callbacks):
    data = {"action": "reject", "_selected_action": [req.ticket.pk]}
    assert b'name="reason"' in support_client.post(CHANGELIST, data).content
    with django_capture_on_commit_callbacks(execute=True):
        support_client.post(CHANGELIST, {**data, "apply": "1", "reason": "No such supplier in our books"})
    req.refresh_from_db()
    assert (req.state, req.reason) == (ConnectionRequest.State.REJECTED, "No such supplier in our books")
    assert "No such supplier in our books" in mail.outbox[-1].body


def test_support_resends_the_buyer_email(support_client, req, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        support_client.post(CHANGELIST, {"action": "resend_buyer_email", "_selected_action": [req.ticket.pk]})
    assert mail.outbox[-1].to == ["ap@buyer.example"]


def test_support_writes_to_the_supplier(support_client, req, django_capture_on_commit_callbacks):
    url = reverse("admin:tickets_supportticket_change", args=[req.ticket.pk])
    data = {
        "messages-TOTAL_FORMS": "1",
        "messages-INITIAL_FORMS": "0",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000",
        "messages-0-body": "Please send us a recent invoice",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(url, data)
    assert response.status_code == 302
    message = req.ticket.messages.get()
    assert message.from_support and message.body == "Please send us a recent invoice"
    assert "Please send us a recent invoice" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [req.created_by.email]


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    """The hidden inputs of the reason's page, as a browser would post them back."""
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)


def _post_back(client, url, page, **typed):
    data = {}
    for name, value in _hidden_fields(page):
        data.setdefault(name, []).append(value)
    return client.post(url, {**data, **typed})


def make_requests(org, member, count):
    buyers = BuyerEntity.objects.bulk_create(
        BuyerEntity(network_number=f"AAA8{n:08d}", legal_name=f"Buyer {n}", country="DE", ap_contact_email="ap@buyer.example")
        for n in range(count)
    )
    return connection_requests_create(account=org.accounts.first(), buyers=buyers, by=member)


def test_support_rejects_every_ticket_of_a_selection_of_1005(support_client, org, member):
    many_requests = make_requests(org, member, 1005)
    page_ids = [req.ticket.pk for req in many_requests[:100]]
    data = {"action": "reject", "select_across": "1", "index": "0", "_selected_action": page_ids}
    page = support_client.post(CHANGELIST, data).content.decode()
    assert "1005 tickets will be rejected" in page
    response = _post_back(support_client, CHANGELIST, page, reason="Unknown supplier")
    assert response.status_code == 302
    rejected = ConnectionRequest.objects.filter(state=ConnectionRequest.State.REJECTED, reason="Unknown supplier")
    assert rejected.count() == 1005


def test_select_all_keeps_the_list_s_filters(support_client, req, org):
    other = make_request(org, buyer=make_buyer("Other Buyer SA"))
    url = f"{CHANGELIST}?q=Tungsten"
    data = {"action": "reject", "select_across": "1", "index": "0", "_selected_action": [req.ticket.pk]}
    page = support_client.post(url, data).content.decode()
    _post_back(support_client, url, page, reason="Unknown supplier")
    req.refresh_from_db()
    other.refresh_from_db()
    assert req.state == ConnectionRequest.State.REJECTED
    assert other.state == ConnectionRequest.State.AWAITING_BUYER


@pytest.mark.parametrize("reason", ["   ", "\t\r\n \u00a0"])
def test_it_refuses_a_blank_reason(support_client, req, reason):
    data = {"action": "reject", "_selected_action": [req.ticket.pk]}
    page = support_client.post(CHANGELIST, data).content.decode()
    response = _post_back(support_client, CHANGELIST, page, reason=reason)
    assert response.status_code == 200
    assert "Give the reason the suppliers will read." in response.content.decode()
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.AWAITING_BUYER
    assert not mail.outbox


def test_refusals_are_reported_once_per_reason(support_client, org, member):
    tickets = [req.ticket.pk for req in make_requests(org, member, 30)]
    support_client.post(CHANGELIST, {"action": "confirm", "_selected_action": tickets[:10]}, follow=True)
    response = support_client.post(
        CHANGELIST, {"action": "confirm", "_selected_action": tickets}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 2
    assert shown[0].startswith("10 tickets left as they were (")
    assert shown[1] == "Connected: 20."


def test_every_action_takes_select_all_with_the_list_s_filters(support_client, req, org, django_capture_on_commit_callbacks):
    other = make_request(org, buyer=make_buyer("Other Buyer SA"))
    mail.outbox.clear()
    url = f"{CHANGELIST}?q=Tungsten"
    for action in ("resend_buyer_email", "confirm"):
        data = {"action": action, "select_across": "1", "index": "0", "_selected_action": [req.ticket.pk]}
        with django_capture_on_commit_callbacks(execute=True):
            assert support_client.post(url, data).status_code == 302
    req.refresh_from_db()
    other.refresh_from_db()
    assert (req.state, other.state) == (ConnectionRequest.State.ACTIVE, ConnectionRequest.State.AWAITING_BUYER)
    assert [message.to for message in mail.outbox] == [["ap@buyer.example"], [req.created_by.email]]


def test_the_list_names_the_supplier_account_of_a_connection_requests_ticket(support_client, req):
    page = support_client.get(CHANGELIST).content.decode()
    row = next(line for line in page.split("<tr") if req.ticket.reference in line)
    assert f'<td class="field-supplier_account">{req.account.legal_name}</td>' in row
