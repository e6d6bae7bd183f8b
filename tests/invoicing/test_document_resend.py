from django.urls import reverse

from invoices.models import DeliveryState, Invoice
from invoices.models.documents import NO_AP_ADDRESS
from tests.factories import make_invoice


def _url(invoice):
    return reverse("invoicing:resend", kwargs={"invoice_uuid": invoice.uuid})


def test_it_delivers_again_once_the_cause_is_fixed(member_client, org, sendable, django_capture_on_commit_callbacks, mailoutbox):
    failed = make_invoice(org, state="sent", delivery_state="failed", delivery_failure=NO_AP_ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_url(failed))
    assert response.url == reverse("invoicing:detail", kwargs={"invoice_uuid": failed.uuid})
    failed = Invoice.objects.get(pk=failed.pk)
    assert failed.delivery_state == DeliveryState.DELIVERED and failed.delivery_round == 1 + 1
    assert [message.to for message in mailoutbox] == [["ap@testbuyer.example"]]


def test_only_a_failed_delivery_is_resent(member_client, org):
    delivered = make_invoice(org, state="sent")
    response = member_client.post(_url(delivered), follow=True)
    assert "Only an invoice whose delivery failed can be sent again." in response.content.decode()


def test_it_requires_rw_access(read_only_client, org):
    failed = make_invoice(org, state="sent", delivery_state="failed")
    assert read_only_client.post(_url(failed)).status_code == 403
    assert Invoice.objects.get(pk=failed.pk).delivery_state == DeliveryState.FAILED
