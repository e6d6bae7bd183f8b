from django.urls import reverse

from invoices.models import DeliveryAttempt
from invoices.models.documents import NO_AP_ADDRESS
from tests.factories import make_invoice
from tests.invoices.billing.factories import make_push


def _url(invoice):
    return reverse("invoicing:detail", kwargs={"invoice_uuid": invoice.uuid})


def test_it_shows_a_sent_invoice_its_downloads_and_delivery_history(member_client, org):
    sent = make_invoice(org, state="sent")
    DeliveryAttempt.objects.create(invoice=sent, round=1, recipient="ap@buyer.example", outcome="delivered")
    html = member_client.get(_url(sent)).content.decode()
    assert sent.number in html and "Paper, A4, 500 sheets" in html and "54.45 EUR" in html
    for name in ("download-pdf", "download-ubl", "download-cii", "copy", "credit-note"):
        assert reverse(f"invoicing:{name}", kwargs={"invoice_uuid": sent.uuid}) in html
    assert "ap@buyer.example" in html
    assert reverse("invoicing:resend", kwargs={"invoice_uuid": sent.uuid}) not in html


def test_a_failed_delivery_says_why_and_offers_resend(member_client, org):
    failed = make_invoice(org, state="sent", delivery_state="failed", delivery_failure=NO_AP_ADDRESS)
    html = member_client.get(_url(failed)).content.decode()
    assert "no accounts-payable e-mail address" in html
    assert reverse("invoicing:resend", kwargs={"invoice_uuid": failed.uuid}) in html


def test_a_draft_has_no_downloads(member_client, org):
    draft = make_invoice(org)
    html = member_client.get(_url(draft)).content.decode()
    assert reverse("invoicing:download-pdf", kwargs={"invoice_uuid": draft.uuid}) not in html
    assert member_client.get(reverse("invoicing:download-pdf", kwargs={"invoice_uuid": draft.uuid})).status_code == 404


def test_read_only_sees_and_downloads_but_is_offered_no_change(read_only_client, org):
    sent = make_invoice(org, state="sent", delivery_state="failed")
    html = read_only_client.get(_url(sent)).content.decode()
    assert reverse("invoicing:download-pdf", kwargs={"invoice_uuid": sent.uuid}) in html
    for name in ("copy", "credit-note", "resend"):
        assert reverse(f"invoicing:{name}", kwargs={"invoice_uuid": sent.uuid}) not in html


def test_it_checks_ownership(outsider_client, org):
    assert outsider_client.get(_url(make_invoice(org, state="sent"))).status_code == 404


def test_it_shows_the_billing_systems_number_and_link(member_client, org):
    push = make_push(org)
    push.state, push.external_number, push.external_link = "created", "E-2026-17", "https://billing.example/i/17"
    push.save()
    html = member_client.get(_url(push.invoice)).content.decode()
    assert "E-2026-17" in html and 'href="https://billing.example/i/17"' in html


def test_a_failed_push_says_why_and_offers_retry(member_client, org):
    push = make_push(org)
    html = member_client.get(_url(push.invoice)).content.decode()
    assert "Billingo: the partner is invalid." in html
    assert reverse("invoices:billing-push-retry", kwargs={"push_code": push.code}) in html
