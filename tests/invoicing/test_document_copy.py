from django.urls import reverse

from invoices.models import Invoice
from tests.factories import make_invoice


def _url(invoice):
    return reverse("invoicing:copy", kwargs={"invoice_uuid": invoice.uuid})


def test_it_makes_a_new_draft_like_the_invoice(member_client, org):
    sent = make_invoice(org, state="sent")
    response = member_client.post(_url(sent))
    copy = Invoice.objects.exclude(pk=sent.pk).get()
    assert response.url == reverse("invoicing:edit", kwargs={"invoice_uuid": copy.uuid})
    assert copy.is_draft and copy.number == "" and copy.buyer == sent.buyer
    assert [line.description for line in copy.lines.all()] == ["Paper, A4, 500 sheets"]


def test_it_rejects_get(member_client, org):
    assert member_client.get(_url(make_invoice(org, state="sent"))).status_code == 405


def test_it_requires_rw_access(read_only_client, org):
    sent = make_invoice(org, state="sent")
    assert read_only_client.post(_url(sent)).status_code == 403
    assert Invoice.objects.count() == 1


def test_it_checks_ownership(outsider_client, org):
    assert outsider_client.post(_url(make_invoice(org, state="sent"))).status_code == 404
    assert Invoice.objects.count() == 1
