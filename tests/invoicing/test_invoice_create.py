from decimal import Decimal

from django.urls import reverse

from invoices.models import Invoice
from tests.factories import make_buyer
from tests.invoicing.conftest import form_data

URL = reverse("invoicing:create")


def test_it_offers_the_accounts_customers_the_test_buyer_first(member_client, test_buyer):
    page = member_client.get(URL)
    assert page.status_code == 200
    choices = list(page.context["form"].fields["buyer"].queryset)
    assert choices[0] == test_buyer
    html = page.content.decode()
    assert '<label for="id_buyer"' in html
    assert f"{test_buyer.network_number} - {test_buyer.legal_name}" in html
    assert 'name="lines-TOTAL_FORMS" value="1"' in html and 'name="lines-0-description"' in html  # one empty line


def test_it_saves_a_draft_with_its_lines_in_order(member_client, member, test_buyer):
    data = form_data(test_buyer, lines=[("Paper, A4", "10", "4.50", "21"), ("Toner", "2", "1,234.5", "21")])
    response = member_client.post(URL, data)
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response.url == reverse("invoicing:edit", kwargs={"invoice_uuid": invoice.uuid})
    assert invoice.is_draft and invoice.number == "" and invoice.created_by == member
    assert invoice.buyer == test_buyer and invoice.buyer_reference == "PO-4711"
    assert [(line.description, line.quantity, line.net_price) for line in invoice.lines.all()] == [
        ("Paper, A4", Decimal("10"), Decimal("4.50")),
        ("Toner", Decimal("2"), Decimal("1234.5")),
    ]


def test_it_reads_amounts_and_dates_the_way_german_writes_them(member_client, test_buyer):
    data = form_data(test_buyer, lines=[("Papier", "1,5", "1.234,56", "19")], issue_date="29.11.2026")
    response = member_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    line = Invoice.objects.get().lines.get()
    assert (line.quantity, line.net_price, line.vat_rate) == (Decimal("1.5"), Decimal("1234.56"), Decimal("19"))
    assert str(Invoice.objects.get().issue_date) == "2026-11-29"


def test_it_keeps_what_was_typed_and_links_each_error_from_the_summary(member_client, test_buyer):
    data = form_data(test_buyer, lines=[("Paper", "ten", "4.50", "21"), ("Toner", "2", "3.00", "21")])
    response = member_client.post(URL, data)
    assert response.status_code == 400
    assert not Invoice.objects.exists()
    html = response.content.decode()
    assert 'value="ten"' in html and 'value="Toner"' in html
    assert 'href="#id_lines-0-quantity"' in html  # the summary links to the field
    assert 'aria-describedby="id_lines-0-quantity_error"' in html and 'id="id_lines-0-quantity_error"' in html
    assert 'aria-invalid="true"' in html


def test_it_refuses_a_buyer_without_an_active_relationship(member_client, test_buyer):
    stranger = make_buyer("Not Connected GmbH")
    response = member_client.post(URL, form_data(stranger))
    assert response.status_code == 400
    assert "buyer" in response.context["form"].errors
    assert not Invoice.objects.exists()


def test_it_needs_a_line(member_client, test_buyer):
    response = member_client.post(URL, form_data(test_buyer, lines=[]))
    assert response.status_code == 400
    assert not Invoice.objects.exists()


def test_it_requires_rw_access(read_only_client, test_buyer):
    page = read_only_client.get(URL)
    assert page.status_code == 200 and 'data-testid="read-only-note"' in page.content.decode()
    assert read_only_client.post(URL, form_data(test_buyer)).status_code == 403
    assert not Invoice.objects.exists()


def test_it_says_when_the_official_rules_are_not_set_up(member_client, settings):
    settings.EINVOICE_RULES_DIR = ""
    assert 'data-testid="official-rules-off"' in member_client.get(URL).content.decode()
