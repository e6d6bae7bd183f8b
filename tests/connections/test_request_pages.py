import pytest
from django.core import mail
from django.urls import reverse

from connections.models import ConnectionRequest
from tests.factories import make_buyer, make_request
from tickets.models import TicketMessage


@pytest.fixture
def req(org, member):
    return make_request(org, by=member, buyer=make_buyer("Tungsten Network GmbH"), attachment=True)


def _detail(req):
    return reverse("connections:request-detail", kwargs={"request_code": req.code})


def test_the_list_shows_the_organisations_requests_in_a_fixed_number_of_queries(
    member_client, org, req, other_org, django_assert_num_queries
):
    make_request(org)
    theirs = make_request(other_org, buyer=make_buyer("Theirs AG"))
    with django_assert_num_queries(5):
        response = member_client.get(reverse("connections:request-list"))
    page = response.content.decode()
    assert req.ticket.reference in page and "Tungsten Network GmbH" in page
    assert theirs.ticket.reference not in page and "Theirs AG" not in page


def test_the_detail_shows_history_and_takes_a_message(member_client, req, member):
    response = member_client.get(_detail(req))
    assert "Awaiting customer confirmation" in response.content.decode()
    response = member_client.post(_detail(req), {"body": "Our VAT number changed"})
    assert response.status_code == 302
    message = TicketMessage.objects.get()
    assert (message.ticket, message.author, message.from_support) == (req.ticket, member, False)
    assert mail.outbox == []  # only support's messages are e-mailed to the supplier


def test_an_empty_message_is_a_form_error(member_client, req):
    response = member_client.post(_detail(req), {"body": ""})
    assert response.status_code == 200
    assert TicketMessage.objects.count() == 0


def test_the_supplier_withdraws_with_a_post_after_a_confirmation_page(member_client, req):
    url = reverse("connections:request-withdraw", kwargs={"request_code": req.code})
    asked = member_client.get(url)
    assert asked.status_code == 200
    assert f'action="{url}"' in asked.content.decode()
    req.refresh_from_db()
    assert req.is_open
    member_client.post(url)
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.WITHDRAWN
    response = member_client.post(url, follow=True)
    assert "cannot change that way" in response.content.decode()


def test_the_attachment_downloads_and_is_never_rendered(member_client, req):
    response = member_client.get(reverse("connections:attachment", kwargs={"attachment_code": req.attachment.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="po.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_whose_file_is_lost_is_a_404_and_logged(member_client, req, caplog):
    req.attachment.file.storage.delete(req.attachment.file.name)
    response = member_client.get(reverse("connections:attachment", kwargs={"attachment_code": req.attachment.code}))
    assert response.status_code == 404
    assert f"Attachment {req.attachment.code}: its file" in caplog.text


def test_the_ticket_list_shows_only_the_organisations_tickets(outsider_client, other_org, req):
    theirs = make_request(other_org)
    page = outsider_client.get(reverse("tickets:list")).content.decode()
    assert theirs.ticket.reference in page
    assert req.ticket.reference not in page


def test_the_ticket_list_and_home_show_open_tickets(member_client, org, req):
    make_request(org)
    response = member_client.get(reverse("tickets:list"))
    assert req.ticket.reference in response.content.decode()
    home = member_client.get(reverse("home"))
    [row] = home.context["attention"]
    assert (str(row.label), row.count, row.url) == ("Support tickets", 2, reverse("tickets:list"))
