from django.urls import reverse

from invoices.models import DocumentState, Invoice, InvoiceCount
from tests.invoicing.conftest import form_data

URL = reverse("invoicing:create")


def test_send_saves_numbers_and_sends_in_one_step(member_client, sendable, test_buyer, django_capture_on_commit_callbacks):
    data = form_data(test_buyer, lines=[("Paper", "10", "4.50", "21"), ("Toner", "1", "100", "21")], action="send")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(URL, data)
    invoice = Invoice.objects.get()
    assert response.status_code == 302, response.context and response.context["error_summary"]
    assert response.url == reverse("invoicing:detail", kwargs={"invoice_uuid": invoice.uuid})
    assert invoice.state == DocumentState.SENT and invoice.number == "INV-1"
    assert str(invoice.payable) == "175.45"
    page = member_client.get(response.url).content.decode()
    assert "INV-1 is on its way to your customer" in page and "175.45 EUR" in page


def test_a_refused_send_saves_nothing_and_shows_each_rule_at_its_field(member_client, sendable, test_buyer):
    data = form_data(test_buyer, lines=[("Paper", "10", "4.50", "21"), ("Toner", "1", "100", "")], action="send")
    response = member_client.post(URL, data)
    assert response.status_code == 400
    assert not Invoice.objects.exists() and not InvoiceCount.objects.filter(count__gt=0).exists()
    second_line = response.context["lines"].forms[1]
    assert second_line.errors["vat_rate"] == ["Enter the VAT rate: the standard rate is above zero."]
    html = response.content.decode()
    assert 'href="#id_lines-1-vat_rate"' in html and 'value="Toner"' in html
    assert "Delete this draft" not in html and response.context["invoice"].pk is None  # still new


def test_the_accounts_missing_details_are_said_above_the_form(member_client, sendable, test_buyer):
    sendable.iban = ""
    sendable.save()
    response = member_client.post(URL, form_data(test_buyer, action="send"))
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert any("Your account's details" in error and "IBAN" in error for error in errors)


def test_read_only_cannot_send(read_only_client, sendable, test_buyer):
    assert read_only_client.post(URL, form_data(test_buyer, action="send")).status_code == 403
    assert not Invoice.objects.exists()
