from decimal import Decimal

from django.urls import reverse

from invoices.models import Invoice
from tests.factories import make_invoice
from tests.invoicing.conftest import form_data


def _url(invoice):
    return reverse("invoicing:edit", kwargs={"invoice_uuid": invoice.uuid})


def test_it_shows_a_draft_the_way_the_users_language_writes_it(member_client, org):
    draft = make_invoice(org, lines=[("Papier", Decimal("1.5"), Decimal("1234.5"), Decimal("19"))])
    html = member_client.get(_url(draft), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'value="1,5"' in html and 'value="1.234,5"' in html and 'value="19,00"' in html
    assert 'name="lines-0-id"' in html


def test_it_replaces_the_lines_of_a_draft(member_client, org, test_buyer):
    draft = make_invoice(org)
    data = form_data(test_buyer, lines=[("Ink", "3", "7.25", "21")])
    assert member_client.post(_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert [(line.description, line.quantity) for line in draft.lines.all()] == [("Ink", Decimal("3"))]
    assert str(draft.tax_inclusive) == "26.32"


def test_a_removed_row_is_left_out(member_client, org, test_buyer):
    draft = make_invoice(org)
    data = form_data(test_buyer, lines=[("Ink", "3", "7.25", "21"), ("Gone", "1", "1", "21")])
    data["lines-1-DELETE"] = "on"
    member_client.post(_url(draft), data)
    assert [line.description for line in draft.lines.all()] == ["Ink"]


def test_a_sent_document_goes_to_its_page_and_does_not_change(member_client, org, test_buyer):
    sent = make_invoice(org, state="sent")
    detail = reverse("invoicing:detail", kwargs={"invoice_uuid": sent.uuid})
    assert member_client.get(_url(sent)).url == detail
    response = member_client.post(_url(sent), form_data(test_buyer, lines=[("Changed", "1", "1", "21")]))
    assert response.url == detail
    assert [line.description for line in Invoice.objects.get(pk=sent.pk).lines.all()] == ["Paper, A4, 500 sheets"]


def test_it_checks_ownership(outsider_client, org, test_buyer):
    draft = make_invoice(org)
    assert outsider_client.get(_url(draft)).status_code == 404
    assert outsider_client.post(_url(draft), form_data(test_buyer)).status_code == 404


def test_it_requires_rw_access(read_only_client, org, test_buyer):
    draft = make_invoice(org)
    assert read_only_client.get(_url(draft)).status_code == 200
    assert read_only_client.post(_url(draft), form_data(test_buyer, lines=[("X", "1", "1", "21")])).status_code == 403
    assert draft.lines.get().description == "Paper, A4, 500 sheets"
