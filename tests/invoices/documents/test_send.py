"""Sending: numbered from the locked sequence, frozen, totals stored, Received in "Where is my
invoice?", delivered once by e-mail with both attachments; every VAT category's invoice passes
the official rules (the `rules_dir` fixture fails the test without them)."""

import io

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from customers.models import InvoiceState
from invoices.documents import official_rules, services, ubl, cii
from invoices.documents.mapping import to_en16931
from invoices.documents.rules import check
from invoices.models import (
    AllowanceCharge,
    DeliveryAttempt,
    DeliveryState,
    DocumentState,
    Invoice,
    InvoiceCount,
    InvoiceFrozen,
    InvoiceStatus,
    StatusCount,
)
from invoices.tasks import invoice_deliver
from suppliers.models import Membership
from tests.factories import make_buyer, make_user
from tests.invoices.documents.makers import D, connected_buyer, draft, line, ready_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(org):
    return make_user(org)


@pytest.fixture
def ready(account):
    return ready_account(account)


@pytest.fixture
def send(django_capture_on_commit_callbacks, user):
    """Sends the invoice and runs what its commit enqueues (delivery, the test buyer's moves)."""

    def sending(invoice, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.invoice_send(invoice=invoice, acting_user=by or user)
        sent.refresh_from_db()
        return sent

    return sending


def test_sending_numbers_freezes_and_stores_the_totals(ready, user, send):
    first = send(draft(ready, user=user, lines=[line(quantity="3", price="19.99", rate="21")]))
    second = send(draft(ready, user=user))

    assert (first.number, second.number) == ("INV-1", "INV-2")
    assert first.state == DocumentState.SENT and first.sent_by == user and first.sent_at is not None
    # BT-106 = 59.97, VAT 21 % = 12.5937 → 12.59, BT-112 = 72.56.
    assert (first.line_net_total, first.tax_total, first.tax_inclusive, first.payable) == (
        D("59.97"), D("12.59"), D("72.56"), D("72.56"),
    )


def test_a_sent_invoice_its_lines_and_allowances_refuse_to_change(ready, user, send):
    invoice = send(
        draft(ready, user=user, allowances_charges=[{"is_charge": True, "amount": D("5"), "reason": "Shipping", "vat_category": "S", "vat_rate": D("19")}])
    )
    invoice = Invoice.objects.get(pk=invoice.pk)
    invoice.note = "changed"
    with pytest.raises(InvoiceFrozen):
        invoice.save()
    with pytest.raises(InvoiceFrozen):
        invoice.delete()
    sent_line = invoice.lines.get()
    sent_line.net_price = D("1")
    with pytest.raises(InvoiceFrozen):
        sent_line.save()
    with pytest.raises(InvoiceFrozen):
        sent_line.delete()
    with pytest.raises(InvoiceFrozen):
        AllowanceCharge.objects.get(invoice=invoice).delete()
    with pytest.raises(InvoiceFrozen):
        services.invoice_draft_save(invoice=invoice, lines=[line()], acting_user=user)
    with pytest.raises(InvoiceFrozen):
        services.invoice_draft_delete(invoice=invoice, acting_user=user)
    with pytest.raises(services.InvoiceRefused):
        services.invoice_send(invoice=invoice, acting_user=user)
    assert Invoice.objects.get(pk=invoice.pk).lines.get().net_price == D("10.00")


def test_sending_delivers_once_with_the_factur_x_pdf_and_the_ubl(ready, user, send, mailoutbox):
    invoice = send(draft(ready, user=user))

    assert invoice.delivery_state == DeliveryState.DELIVERED
    [message] = mailoutbox
    assert message.to == ["ap@buyer.example"]
    assert "INV-1" in message.subject and ready.legal_name in message.subject
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    assert set(names) == {"INV-1.pdf", "INV-1.xml"}
    with pikepdf.open(io.BytesIO(names["INV-1.pdf"][0])) as pdf:
        assert "factur-x.xml" in pdf.attachments
        assert b"<ram:ID>INV-1</ram:ID>" in pdf.attachments["factur-x.xml"].get_file().read_bytes()
    assert b"<cbc:ID>INV-1</cbc:ID>" in names["INV-1.xml"][0]
    # The task delivered again (a redelivered message) sends nothing more.
    invoice_deliver.delay(invoice.pk, 1)
    assert len(mailoutbox) == 1
    [attempt] = invoice.delivery_attempts.all()
    assert (attempt.outcome, attempt.recipient) == (DeliveryAttempt.Outcome.DELIVERED, "ap@buyer.example")


def test_no_ap_address_fails_with_the_reason_and_resend_delivers_once_fixed(ready, user, send, mailoutbox, django_capture_on_commit_callbacks):
    buyer = connected_buyer(ready, email="")
    invoice = send(draft(ready, buyer, user=user))

    assert invoice.delivery_state == DeliveryState.FAILED
    assert "no accounts-payable e-mail address" in invoice.delivery_failure_text
    assert mailoutbox == []
    from invoices.documents.selectors import failed_count, failed_invoices

    assert failed_count(org=ready.organisation) == 1
    assert [row["number"] for row in failed_invoices(org=ready.organisation)] == ["INV-1"]

    with pytest.raises(services.InvoiceRefused) as refused:
        services.invoice_resend(invoice=invoice, acting_user=user)
    assert [error.rule_id for error in refused.value.errors] == ["PORTAL-07"]
    buyer.ap_contact_email = "ap@fixed.example"
    buyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_resend(invoice=invoice, acting_user=user)
    invoice.refresh_from_db()
    assert invoice.delivery_state == DeliveryState.DELIVERED and invoice.delivery_failure == ""
    assert [message.to for message in mailoutbox] == [["ap@fixed.example"]]
    assert [a.outcome for a in invoice.delivery_attempts.order_by("round")] == ["failed", "delivered"]
    assert failed_count(org=ready.organisation) == 0
    with pytest.raises(services.InvoiceRefused):
        services.invoice_resend(invoice=invoice, acting_user=user)


def test_a_sent_invoice_is_received_at_once_in_where_is_my_invoice(ready, user, send):
    invoice = send(draft(ready, user=user, order_reference="PO-1"))

    status = InvoiceStatus.objects.get(account=ready, invoice_number="INV-1")
    assert (status.status, status.amount, status.po_number, status.buyer_id) == (
        InvoiceState.RECEIVED, invoice.tax_inclusive, "PO-1", invoice.buyer_id,
    )
    count = StatusCount.objects.get(account=ready, buyer=invoice.buyer)
    assert (count.status, count.count, count.total) == (InvoiceState.RECEIVED, 1, invoice.tax_inclusive)


def test_the_counts_follow_drafts_sends_and_deliveries(ready, user, send):
    from invoices.documents.selectors import invoice_counts

    kept = draft(ready, user=user)
    send(draft(ready, user=user))
    gone = draft(ready, user=user)
    services.invoice_draft_delete(invoice=gone, acting_user=user)

    counts = invoice_counts(org=ready.organisation, account=ready)
    assert counts.total == 2 and counts.by_state == {"draft": 1, "sent": 1}
    assert counts.by_delivery["delivered"] == 1 and counts.by_delivery["not_sent"] == 1
    assert kept.pk and not Invoice.objects.filter(pk=gone.pk).exists()
    assert sum(InvoiceCount.objects.values_list("count", flat=True)) == Invoice.objects.count()


def test_a_credit_note_is_prefilled_from_the_invoice_and_keeps_its_amounts_positive(ready, user, send):
    invoice = send(draft(ready, user=user))
    note = services.credit_note_create(invoice=invoice, acting_user=user)

    assert (note.type_code, note.preceding_invoice, note.buyer) == ("381", invoice, invoice.buyer)
    assert [(item.description, item.net_price) for item in note.lines.all()] == [("Paper A4", D("10.00"))]
    doc = to_en16931(note, number="CN-1")
    assert doc.type_code == "381" and doc.preceding_invoice == "INV-1" and doc.totals.payable == D("23.80")
    sent = send(note)
    assert sent.number == "CN-1"
    status = InvoiceStatus.objects.get(invoice_number="CN-1")
    assert status.amount == D("-23.80")


def test_copy_as_new_is_a_draft_dated_today_with_the_same_lines(ready, user, send):
    invoice = send(draft(ready, user=user, lines=[line(), line("Toner", "1", "45.50")]))
    copy = services.invoice_copy_as_new(invoice=invoice, acting_user=user)

    assert copy.state == DocumentState.DRAFT and copy.number == "" and copy.pk != invoice.pk
    assert [item.description for item in copy.lines.all()] == ["Paper A4", "Toner"]
    assert copy.due_date - copy.issue_date == invoice.due_date - invoice.issue_date
    assert copy.tax_inclusive == invoice.tax_inclusive


def test_a_read_only_member_may_not_write_at_service_level(ready, org, user):
    reader = make_user(org, role=Membership.Role.READ_ONLY)
    invoice = draft(ready, user=user)

    with pytest.raises(PermissionDenied):
        draft(ready, user=reader)
    with pytest.raises(PermissionDenied):
        services.invoice_send(invoice=invoice, acting_user=reader)
    with pytest.raises(PermissionDenied):
        services.invoice_draft_delete(invoice=invoice, acting_user=reader)
    with pytest.raises(PermissionDenied):
        services.invoice_copy_as_new(invoice=invoice, acting_user=reader)
    assert Invoice.objects.get(pk=invoice.pk).state == DocumentState.DRAFT


def test_a_draft_goes_only_to_a_connected_buyer(ready, user):
    stranger = make_buyer(vat_number="DE255790071")
    with pytest.raises(ValidationError) as refused:
        draft(ready, stranger, user=user)
    assert "buyer" in refused.value.message_dict


def test_the_test_buyer_approves_then_pays(account, user, send):
    from tests.invoices.documents.makers import the_test_buyer

    ready = ready_account(account)
    buyer = the_test_buyer()
    # Tasks run eagerly here: the countdowns pass at once.
    invoice = send(draft(ready, buyer, user=user))

    status = InvoiceStatus.objects.get(account=ready, invoice_number=invoice.number)
    assert status.status == InvoiceState.PAID and status.payment_date is not None
    counts = dict(StatusCount.objects.filter(account=ready, buyer=buyer).values_list("status", "count"))
    assert counts.get(InvoiceState.PAID) == 1 and counts.get(InvoiceState.RECEIVED, 0) == 0
    assert counts.get(InvoiceState.APPROVED, 0) == 0
    from invoices.models import PaymentWeek

    weeks = {(w.kind, w.count) for w in PaymentWeek.objects.filter(account=ready) if w.count}
    assert weeks == {("paid", 1)}
    # Run again (a redelivered task): nothing moves.
    assert services.test_buyer_advance(invoice_id=invoice.pk, to_status=InvoiceState.PAID) is False
    assert services.test_buyer_advance(invoice_id=invoice.pk, to_status=InvoiceState.APPROVED) is False


CATEGORY_LINES = {
    "S": [line(rate="19"), line("Reduced", price="3.33", rate="7")],
    "Z": [line(category="Z", rate="0")],
    "E": [line(category="E", rate="0", exemption_reason="Exempt based on article 132 of Council Directive 2006/112/EC", exemption_code="VATEX-EU-132")],
    "AE": [line(category="AE", rate=None)],
    "K": [line(category="K", rate=None)],
    "G": [line(category="G", rate=None)],
    "O": [line(category="O", rate=None)],
}


@pytest.mark.parametrize("category", list(CATEGORY_LINES))
@pytest.mark.parametrize("type_code", ["380", "381"])
def test_every_vat_category_passes_our_rules_and_the_official_ones(rules_dir, ready, user, send, category, type_code):
    buyer = connected_buyer(ready, **({"country": "GB", "vat_number": "GB177907267"} if category == "G" else {}))
    fields = {"type_code": type_code}
    if type_code == "381":
        fields["credit_reason"] = "Goods returned"
    invoice = draft(
        ready,
        buyer,
        user=user,
        lines=CATEGORY_LINES[category],
        allowances_charges=[
            {"is_charge": False, "amount": D("1.50"), "reason": "Loyalty discount", "vat_category": category, "vat_rate": CATEGORY_LINES[category][0]["vat_rate"]},
            {"is_charge": True, "amount": D("4.95"), "reason": "Shipping", "vat_category": category, "vat_rate": CATEGORY_LINES[category][0]["vat_rate"]},
        ],
        **fields,
    )
    assert check(invoice) == []
    doc = to_en16931(invoice, number="X-1")
    fatal = [f for f in official_rules.failures(doc) if f.flag == "fatal"]
    assert fatal == [], [(f.rule_id, f.text) for f in fatal]
    sent = send(invoice)
    assert sent.state == DocumentState.SENT and sent.number.endswith("-1")


def test_the_mapping_names_both_parties_by_their_peppol_addresses(ready, user):
    invoice = draft(ready, user=user, lines=[line(allowance=D("1.00"))])
    doc = to_en16931(invoice)

    assert doc.seller.electronic_address.scheme == "9932" and doc.seller.vat_identifier == ready.vat_number
    assert (doc.buyer.electronic_address.identifier, doc.buyer.electronic_address.scheme) == ("DE255790071", "9930")
    assert doc.payment.iban == "GB29NWBK60161331926819" and doc.payment.means_code == "58"
    assert doc.lines[0].net_amount == D("19.00") and doc.lines[0].allowance_reason
    assert doc.totals.tax_inclusive == D("22.61")
    assert b"9930" in ubl.write(doc) and b"DE255790071" in cii.write(doc)


def test_official_fatal_failures_become_errors_with_the_rule_id_and_text(rules_dir, ready, user):
    from dataclasses import replace

    doc = to_en16931(draft(ready, user=user), number="X-1")
    assert services.official_rule_errors(doc) == []
    # The document as a writer bug would make it: no buyer name (BR-07).
    errors = services.official_rule_errors(replace(doc, buyer=replace(doc.buyer, name="")))
    assert "BR-07" in {error.rule_id for error in errors}
    assert all(error.message for error in errors)


def test_without_the_official_rules_our_checks_alone_decide(settings, ready, user, send):
    settings.EINVOICE_RULES_DIR = ""
    assert send(draft(ready, user=user)).number == "INV-1"


def test_every_unit_code_we_offer_is_one_the_peppol_code_list_allows(rules_dir, ready, user):
    from invoices.models import UnitCode

    invoice = draft(ready, user=user, lines=[line(description=label, unit_code=code) for code, label in UnitCode.choices])
    fatal = [f for f in official_rules.failures(to_en16931(invoice, number="X-1")) if f.flag == "fatal"]
    assert fatal == [], [(f.rule_id, f.text) for f in fatal]


def test_the_pdf_speaks_the_buyers_language_unless_the_invoice_says_otherwise(ready, user):
    from invoices.documents.mapping import invoice_language

    buyer = connected_buyer(ready, language="pl")
    assert invoice_language(draft(ready, buyer, user=user)) == "pl"
    assert invoice_language(draft(ready, buyer, user=user, language="fr")) == "fr"
    assert invoice_language(draft(ready, connected_buyer(ready), user=user)) == "en"
