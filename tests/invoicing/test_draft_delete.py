from django.urls import reverse

from invoices.models import Invoice
from tests.factories import make_invoice


def _url(invoice):
    return reverse("invoicing:delete", kwargs={"invoice_uuid": invoice.uuid})


def test_it_deletes_a_draft(member_client, org):
    draft = make_invoice(org)
    assert member_client.post(_url(draft)).url == reverse("invoicing:list")
    assert not Invoice.objects.exists()


def test_a_sent_document_stays(member_client, org):
    sent = make_invoice(org, state="sent")
    assert member_client.post(_url(sent)).url == reverse("invoicing:detail", kwargs={"invoice_uuid": sent.uuid})
    assert Invoice.objects.filter(pk=sent.pk).exists()


def test_it_requires_rw_access(read_only_client, org):
    draft = make_invoice(org)
    assert read_only_client.post(_url(draft)).status_code == 403
    assert Invoice.objects.filter(pk=draft.pk).exists()
