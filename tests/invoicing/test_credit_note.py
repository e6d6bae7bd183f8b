from django.urls import reverse

from invoices.models import Invoice, TypeCode
from tests.factories import make_invoice
from tests.invoicing.conftest import form_data


def _url(invoice):
    return reverse("invoicing:credit-note", kwargs={"invoice_uuid": invoice.uuid})


def test_it_makes_a_credit_note_prefilled_from_the_invoice(member_client, org):
    sent = make_invoice(org, state="sent")
    response = member_client.post(_url(sent))
    note = Invoice.objects.get(type_code=TypeCode.CREDIT_NOTE)
    assert response.url == reverse("invoicing:edit", kwargs={"invoice_uuid": note.uuid})
    assert note.preceding_invoice == sent and note.buyer == sent.buyer and note.is_draft
    assert [line.description for line in note.lines.all()] == ["Paper, A4, 500 sheets"]
    page = member_client.get(response.url).content.decode()
    assert "Draft credit note" in page and f'<option value="{sent.uuid}" selected>{sent.number}' in page


def test_a_draft_or_a_credit_note_cannot_be_credited(member_client, org):
    assert member_client.post(_url(make_invoice(org))).status_code == 404
    note = make_invoice(org, state="sent", type_code=TypeCode.CREDIT_NOTE, credit_reason="Returned")
    assert member_client.post(_url(note)).status_code == 404


def test_a_credit_note_chooses_among_the_accounts_sent_invoices(member_client, org, test_buyer):
    sent, draft = make_invoice(org, state="sent"), make_invoice(org)
    url = reverse("invoicing:credit-note-create")
    choices = list(member_client.get(url).context["form"].fields["preceding_invoice"].queryset)
    assert choices == [sent]
    data = form_data(test_buyer, type_code="381", preceding_invoice=sent.uuid)
    assert member_client.post(url, data).status_code == 302
    assert Invoice.objects.get(type_code="381").preceding_invoice == sent
    refused = member_client.post(url, form_data(test_buyer, type_code="381", preceding_invoice=draft.uuid))
    assert refused.status_code == 400 and "preceding_invoice" in refused.context["form"].errors


def test_a_credit_note_standing_alone_gives_its_reason(member_client, test_buyer):
    url = reverse("invoicing:credit-note-create")
    response = member_client.post(url, form_data(test_buyer, type_code="381"))
    assert response.status_code == 400 and "credit_reason" in response.context["form"].errors
    assert member_client.post(url, form_data(test_buyer, type_code="381", credit_reason="Goods returned")).status_code == 302


def test_it_requires_rw_access(read_only_client, org):
    assert read_only_client.post(_url(make_invoice(org, state="sent"))).status_code == 403
    assert not Invoice.objects.filter(type_code=TypeCode.CREDIT_NOTE).exists()


def test_it_rejects_get(member_client, org):
    assert member_client.get(_url(make_invoice(org, state="sent"))).status_code == 405


def test_choosing_the_invoice_fills_the_new_credit_note_in(member_client, org):
    sent = make_invoice(org, state="sent")
    url = reverse("invoicing:credit-note-create")
    page = member_client.get(url, {"preceding_invoice": sent.uuid})
    html = page.content.decode()
    assert 'value="Paper, A4, 500 sheets"' in html and 'name="lines-TOTAL_FORMS" value="1"' in html
    assert f'<option value="{sent.buyer_id}" selected>' in html
    assert not Invoice.objects.filter(type_code=TypeCode.CREDIT_NOTE).exists()  # nothing saved yet
    assert 'hx-get="/invoicing/credit-notes/new/"' in html
    # Another organisation's or an unknown invoice fills nothing in.
    assert 'value="Paper, A4, 500 sheets"' not in member_client.get(url, {"preceding_invoice": "nope"}).content.decode()
