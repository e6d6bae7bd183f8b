"""Every change to a supplier's own invoices and credit notes: one function per change, each in
one transaction, each taking the acting user (a read-only member is refused: PermissionDenied).

- drafts: ``invoice_draft_save``, ``invoice_draft_delete``, ``invoice_copy_as_new``,
  ``credit_note_create``;
- ``invoice_send``: our rules, then the official rules where configured, a number from the
  account's locked ``NumberSequence``, the totals stored, frozen, ``invoice_sent`` sent, the
  status row "Received" written, delivery enqueued on commit;
- ``invoice_resend`` after a failed delivery;
- the delivery outcome (``delivery_record``) and the test buyer's moves (``test_buyer_advance``),
  run by Celery tasks (invoices.tasks), idempotent.

The per-account counts (InvoiceCount) and the statuses' summaries (StatusCount, PaymentWeek) are
kept here, in the transaction of each change.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from connections.models import Relationship
from customers.models import InvoiceState
from invoices import tasks
from invoices.documents import official_rules, rules
from invoices.documents.mapping import to_en16931, totals_of
from invoices.documents.rules import RuleError
from invoices.documents.signals import invoice_sent
from invoices.documents import en16931
from invoices.models import (
    AllowanceCharge,
    DeliveryAttempt,
    DeliveryState,
    DocumentState,
    Invoice,
    InvoiceCount,
    InvoiceFrozen,
    InvoiceLine,
    InvoiceStatus,
    NumberSequence,
    PaymentWeek,
    StatusCount,
    TypeCode,
)
from portal.lib.tenancy import for_org
from suppliers.models import Membership, SupplierAccount

LINE_FIELDS = [
    "description", "quantity", "unit_code", "net_price", "allowance", "vat_category", "vat_rate",
    "exemption_reason", "exemption_code",
]
ALLOWANCE_FIELDS = ["is_charge", "amount", "reason", "vat_category", "vat_rate"]
# The prefix of a new number sequence, per document type (BT-1 = prefix + counter).
DEFAULT_PREFIX = {TypeCode.INVOICE: "INV-", TypeCode.CREDIT_NOTE: "CN-"}


class InvoiceRefused(Exception):
    """The invoice cannot be sent (or resent) as it is: ``errors`` says why, each at its field."""

    def __init__(self, errors: list[RuleError]):
        super().__init__("; ".join(f"{error.rule_id}: {error.message}" for error in errors))
        self.errors = errors


def may_write(*, organisation_id: int, user) -> None:
    """Raises PermissionDenied unless ``user`` is a member (not read-only) of the organisation."""
    membership = Membership.objects.filter(organisation_id=organisation_id, user=user).first() if user else None
    if membership is None or not membership.has_role(Membership.Role.MEMBER):
        raise PermissionDenied


def _locked(invoice: Invoice) -> Invoice:
    return (
        for_org(Invoice, invoice.organisation_id)
        .select_for_update(of=("self",))
        .select_related("account", "buyer", "preceding_invoice")
        .get(pk=invoice.pk)
    )


def _count_move(invoice: Invoice, before: tuple[str, str] | None, after: tuple[str, str] | None) -> None:
    """Moves one document of the account's InvoiceCount from (state, delivery state) ``before``
    to ``after`` (None: created or deleted)."""
    for key, step in ((before, -1), (after, 1)):
        if key is None:
            continue
        scope = {"account_id": invoice.account_id, "type_code": invoice.type_code, "state": key[0], "delivery_state": key[1]}
        if not InvoiceCount.objects.filter(**scope).update(count=F("count") + step):
            try:
                with transaction.atomic():
                    InvoiceCount.objects.create(organisation_id=invoice.organisation_id, count=step, **scope)
            except IntegrityError:  # another transaction created it meanwhile
                InvoiceCount.objects.filter(**scope).update(count=F("count") + step)


def _key(invoice: Invoice) -> tuple[str, str]:
    return (invoice.state, invoice.delivery_state)


def _relationship_check(account: SupplierAccount, buyer_id: int | None) -> None:
    if buyer_id is None or not Relationship.objects.filter(account=account, buyer_id=buyer_id).exists():
        raise ValidationError({"buyer": _("Choose one of the customers this account is connected to.")})


def _preceding_check(invoice: Invoice) -> None:
    preceding = invoice.preceding_invoice
    if preceding is None:
        return
    if invoice.type_code != TypeCode.CREDIT_NOTE:
        raise ValidationError({"preceding_invoice": _("Only a credit note refers to an invoice it corrects.")})
    if preceding.account_id != invoice.account_id or preceding.state != DocumentState.SENT or preceding.is_credit_note:
        raise ValidationError({"preceding_invoice": _("Choose one of this account's sent invoices.")})


def _totals_store(invoice: Invoice, lines: list, items: list) -> None:
    """The draft's totals as they stand (lists and Home read them); zero if they cannot be computed."""
    _totals_set(invoice, totals_of(invoice.currency, lines, items))


def _totals_set(invoice: Invoice, computed: en16931.Totals | None) -> None:
    zero = Decimal("0")
    invoice.line_net_total = computed.line_net_total if computed else zero
    invoice.tax_exclusive = computed.tax_exclusive if computed else zero
    invoice.tax_total = computed.tax_total if computed else zero
    invoice.tax_inclusive = computed.tax_inclusive if computed else zero
    invoice.payable = computed.payable if computed else zero


@transaction.atomic
def invoice_draft_save(
    *, invoice: Invoice, lines: list[dict], allowances_charges: list[dict] = (), acting_user
) -> Invoice:
    """Creates or updates a draft: ``invoice`` carries the fields typed (an unsaved Invoice with
    its ``account`` set, or a draft loaded through the one scoping path); ``lines`` and
    ``allowances_charges`` replace the draft's, in the order given (dicts of LINE_FIELDS and
    ALLOWANCE_FIELDS). Stores the totals as they stand.

    Raises PermissionDenied for a read-only member, InvoiceFrozen when the invoice was sent,
    ValidationError (keyed by field) for a customer the account is not connected to or a
    preceding invoice that is not one of the account's sent invoices."""
    may_write(organisation_id=invoice.account.organisation_id, user=acting_user)
    creating = invoice.pk is None
    if not creating:
        stored = _locked(invoice)
        if stored.state != DocumentState.DRAFT:
            raise InvoiceFrozen(f"invoice {invoice.uuid} is sent")
        invoice._stored_state = stored.state
    _relationship_check(invoice.account, invoice.buyer_id)
    _preceding_check(invoice)
    invoice.state = DocumentState.DRAFT
    invoice.number = ""
    if creating:
        invoice.created_by = acting_user
    line_rows = [
        InvoiceLine(organisation_id=invoice.account.organisation_id, position=index, **{k: v for k, v in line.items() if k in LINE_FIELDS})
        for index, line in enumerate(lines)
    ]
    item_rows = [
        AllowanceCharge(organisation_id=invoice.account.organisation_id, position=index, **{k: v for k, v in item.items() if k in ALLOWANCE_FIELDS})
        for index, item in enumerate(allowances_charges)
    ]
    _totals_store(invoice, line_rows, item_rows)
    invoice.full_clean(exclude=["number", "organisation"])
    invoice.save()
    if creating:
        _count_move(invoice, None, _key(invoice))
    invoice.lines.all().delete()
    invoice.allowances_charges.all().delete()
    for row in line_rows + item_rows:
        row.invoice = invoice
    # bulk_create skips save(): the organisation is set above, the invoice is a draft.
    InvoiceLine.objects.bulk_create(line_rows)
    AllowanceCharge.objects.bulk_create(item_rows)
    return invoice


@transaction.atomic
def invoice_draft_delete(*, invoice: Invoice, acting_user) -> None:
    """Deletes a draft. Raises PermissionDenied, or InvoiceFrozen for a sent invoice."""
    may_write(organisation_id=invoice.organisation_id, user=acting_user)
    invoice = _locked(invoice)
    key = _key(invoice)
    invoice.delete()  # refuses a sent one
    _count_move(invoice, key, None)


def _copy(source: Invoice, *, acting_user, **fields) -> Invoice:
    today = timezone.localdate()
    due_date = None
    if source.due_date and source.issue_date:
        due_date = today + (source.due_date - source.issue_date)
    copy = Invoice(
        account=source.account,
        buyer=source.buyer,
        type_code=source.type_code,
        issue_date=today,
        due_date=due_date,
        payment_terms=source.payment_terms,
        currency=source.currency,
        buyer_reference=source.buyer_reference,
        order_reference=source.order_reference,
        note=source.note,
        language=source.language,
        payment_means=source.payment_means,
        preceding_invoice=source.preceding_invoice,
        credit_reason=source.credit_reason,
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    lines = [{name: getattr(line, name) for name in LINE_FIELDS} for line in source.lines.all()]
    items = [{name: getattr(item, name) for name in ALLOWANCE_FIELDS} for item in source.allowances_charges.all()]
    return invoice_draft_save(invoice=copy, lines=lines, allowances_charges=items, acting_user=acting_user)


@transaction.atomic
def invoice_copy_as_new(*, invoice: Invoice, acting_user) -> Invoice:
    """A new draft like ``invoice`` (any state): same customer, references, lines and
    allowances, dated today, its due date as many days after as before. Raises as
    invoice_draft_save does (a customer no longer connected: ValidationError)."""
    return _copy(invoice, acting_user=acting_user)


@transaction.atomic
def credit_note_create(
    *, invoice: Invoice | None, acting_user, account: SupplierAccount | None = None, buyer=None, credit_reason: str = ""
) -> Invoice:
    """A draft credit note (BT-3 381). For a sent invoice: prefilled from it (its customer,
    references, lines, allowances) with BT-25 naming it. Without one (``invoice`` None): an
    empty credit note of ``account`` to ``buyer`` standing alone with ``credit_reason``.
    Raises ValidationError when ``invoice`` is not a sent invoice, and as invoice_draft_save."""
    if invoice is None:
        draft = Invoice(account=account, buyer=buyer, type_code=TypeCode.CREDIT_NOTE, credit_reason=credit_reason)
        return invoice_draft_save(invoice=draft, lines=[], acting_user=acting_user)
    if invoice.state != DocumentState.SENT or invoice.type_code != TypeCode.INVOICE:
        raise ValidationError({"preceding_invoice": _("Choose one of this account's sent invoices.")})
    return _copy(
        invoice,
        acting_user=acting_user,
        type_code=TypeCode.CREDIT_NOTE,
        preceding_invoice=invoice,
        credit_reason="",
        due_date=None,
        payment_terms="",
    )


def official_rule_errors(doc: en16931.Document) -> list[RuleError]:
    """The official rules' fatal failures of ``doc`` as errors (rule id and the publisher's text);
    none when EINVOICE_RULES_DIR is not set (official_rules.enabled())."""
    if not official_rules.enabled():
        return []
    return [
        RuleError(failure.rule_id, "", failure.text)
        for failure in official_rules.failures(doc)
        if failure.flag == "fatal"
    ]


def _sequence_next(invoice: Invoice) -> str:
    """The next number of the account's sequence for the invoice's type, the sequence row locked
    until the caller's transaction ends: consecutive numbers, no gap, never "last + 1"."""
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        account=invoice.account,
        type_code=invoice.type_code,
        defaults={"organisation_id": invoice.organisation_id, "prefix": DEFAULT_PREFIX[invoice.type_code]},
    )
    number = f"{sequence.prefix}{sequence.next_number}"
    sequence.next_number = F("next_number") + 1
    sequence.save(update_fields=["next_number"])
    return number


def invoice_check(invoice: Invoice) -> list[RuleError]:
    """Everything that would refuse sending ``invoice`` now: our rules, then (if they pass) the
    official ones on the document with the number it would get."""
    errors = rules.check(invoice)
    if errors:
        return errors
    sequence = NumberSequence.objects.filter(account=invoice.account, type_code=invoice.type_code).first()
    provisional = f"{sequence.prefix}{sequence.next_number}" if sequence else f"{DEFAULT_PREFIX[invoice.type_code]}1"
    return official_rule_errors(to_en16931(invoice, number=provisional))


@transaction.atomic
def invoice_send(*, invoice: Invoice, acting_user) -> Invoice:
    """Sends a draft: checked (invoice_check), numbered from the locked sequence, its totals
    stored (BT-106, 109, 110, 112, 115), frozen; ``invoice_sent`` is sent; it appears at once in
    "Where is my invoice?" as Received; its delivery is enqueued when this commits.

    Raises PermissionDenied for a read-only member, InvoiceRefused with the errors (ours, or
    the official rules' fatal ones) or when it is not a draft."""
    may_write(organisation_id=invoice.organisation_id, user=acting_user)
    invoice = _locked(invoice)
    if invoice.state != DocumentState.DRAFT:
        raise InvoiceRefused([RuleError("PORTAL-05", "", _("This invoice has already been sent."))])
    errors = invoice_check(invoice)
    if errors:
        raise InvoiceRefused(errors)
    before = _key(invoice)
    invoice.number = _sequence_next(invoice)
    doc = to_en16931(invoice)
    _totals_set(invoice, doc.totals)
    invoice.state = DocumentState.SENT
    invoice.delivery_state = DeliveryState.SENT
    invoice.delivery_round = 1
    invoice.sent_at = timezone.now()
    invoice.sent_by = acting_user
    invoice.status_recorded = True  # _status_received below, in this transaction
    invoice.save()
    _count_move(invoice, before, _key(invoice))
    _status_received(invoice)
    invoice_sent.send(sender=Invoice, invoice=invoice, acting_user=acting_user)
    invoice_id = invoice.pk
    transaction.on_commit(lambda: tasks.invoice_deliver.delay(invoice_id, 1))
    if invoice.buyer.is_test_buyer:
        transaction.on_commit(
            lambda: tasks.test_buyer_advance.apply_async(
                (invoice_id, InvoiceState.APPROVED), countdown=settings.TEST_BUYER_APPROVE_SECONDS
            )
        )
    return invoice


@transaction.atomic
def invoice_resend(*, invoice: Invoice, acting_user) -> Invoice:
    """Delivers a sent invoice again after its delivery failed (once the cause is fixed: the
    customer's AP address added, the mail server accepting). A new delivery round, so the
    e-mail goes once more. Raises PermissionDenied, or InvoiceRefused unless delivery failed or
    while the customer still has no AP address."""
    may_write(organisation_id=invoice.organisation_id, user=acting_user)
    invoice = _locked(invoice)
    if invoice.state != DocumentState.SENT or invoice.delivery_state != DeliveryState.FAILED:
        raise InvoiceRefused([RuleError("PORTAL-06", "", _("Only an invoice whose delivery failed can be sent again."))])
    if not invoice.buyer.ap_contact_email:
        raise InvoiceRefused(
            [
                RuleError(
                    "PORTAL-07",
                    "ap_contact_email",
                    _("The customer still has no accounts-payable e-mail address. Ask support to add one first."),
                    part="buyer",
                )
            ]
        )
    before = _key(invoice)
    invoice.delivery_state = DeliveryState.SENT
    invoice.delivery_failure = ""
    invoice.delivery_round += 1
    invoice.save(update_fields=["delivery_state", "delivery_failure", "delivery_round"])
    _count_move(invoice, before, _key(invoice))
    invoice_id, delivery_round = invoice.pk, invoice.delivery_round
    transaction.on_commit(lambda: tasks.invoice_deliver.delay(invoice_id, delivery_round))
    return invoice


@transaction.atomic
def delivery_record(*, invoice_id: int, delivery_round: int, recipient: str, failure: str = "") -> bool:
    """Records how delivery round ``delivery_round`` went: Delivered, or Failed with ``failure``
    (the reason, in words). Idempotent: a round is recorded once, and a stale round (the invoice
    was resent since) changes nothing. Returns True if this call recorded it."""
    invoice = Invoice.objects.select_for_update().filter(pk=invoice_id).first()
    if invoice is None or invoice.delivery_round != delivery_round or invoice.delivery_state != DeliveryState.SENT:
        return False
    outcome = DeliveryAttempt.Outcome.FAILED if failure else DeliveryAttempt.Outcome.DELIVERED
    DeliveryAttempt.objects.create(
        invoice=invoice, round=delivery_round, recipient=recipient, outcome=outcome, reason=failure[:300]
    )
    before = _key(invoice)
    invoice.delivery_state = DeliveryState.FAILED if failure else DeliveryState.DELIVERED
    invoice.delivery_failure = failure[:300]
    invoice.delivered_at = None if failure else timezone.now()
    invoice.save(update_fields=["delivery_state", "delivery_failure", "delivered_at"])
    _count_move(invoice, before, _key(invoice))
    return True


# "Where is my invoice?": the status row of each sent invoice, kept with its summaries.


def _signed_amount(invoice: Invoice) -> Decimal:
    """The status row's gross amount (BT-112): a credit note counts negative, as buyers book it."""
    return -invoice.tax_inclusive if invoice.is_credit_note else invoice.tax_inclusive


def _summary_add(model, scope: dict, organisation_id: int, count: int, amount: Decimal) -> None:
    row = model.objects.select_for_update().filter(**scope).first()
    if row is None:
        model.objects.create(organisation_id=organisation_id, count=count, total=amount, **scope)
    else:
        model.objects.filter(pk=row.pk).update(count=F("count") + count, total=F("total") + amount)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _status_received(invoice: Invoice) -> None:
    """The invoice as its buyer now holds it: Received (we are the network that delivered it)."""
    status, created = InvoiceStatus.objects.get_or_create(
        account=invoice.account,
        buyer=invoice.buyer,
        invoice_number=invoice.number,
        defaults={
            "organisation_id": invoice.organisation_id,
            "invoice_date": invoice.issue_date,
            "amount": _signed_amount(invoice),
            "currency": invoice.currency,
            "po_number": invoice.order_reference[:50],
            "status": InvoiceState.RECEIVED,
            "due_date": invoice.due_date,
            "source_updated_at": invoice.sent_at,
        },
    )
    if created:
        scope = {"account_id": invoice.account_id, "buyer_id": invoice.buyer_id, "currency": invoice.currency}
        _summary_add(StatusCount, {**scope, "status": InvoiceState.RECEIVED}, invoice.organisation_id, 1, status.amount)


@transaction.atomic
def test_buyer_advance(*, invoice_id: int, to_status: str) -> bool:
    """The test buyer moves an invoice sent to it on, as a real buyer would: Received → Approved
    (due in its due week), Approved → Paid (today). Idempotent: a move already made, or an
    invoice to another buyer, changes nothing. Returns True if it moved."""
    invoice = Invoice.objects.select_related("buyer").filter(pk=invoice_id, state=DocumentState.SENT).first()
    if invoice is None or not invoice.buyer.is_test_buyer:
        return False
    expected = {InvoiceState.APPROVED: InvoiceState.RECEIVED, InvoiceState.PAID: InvoiceState.APPROVED}[to_status]
    status = (
        InvoiceStatus.objects.select_for_update()
        .filter(account_id=invoice.account_id, buyer_id=invoice.buyer_id, invoice_number=invoice.number)
        .first()
    )
    if status is None or status.status != expected:
        return False
    scope = {"account_id": status.account_id, "buyer_id": status.buyer_id, "currency": status.currency}
    org = status.organisation_id
    today = timezone.localdate()
    _summary_add(StatusCount, {**scope, "status": expected}, org, -1, -status.amount)
    _summary_add(StatusCount, {**scope, "status": to_status}, org, 1, status.amount)
    if to_status == InvoiceState.APPROVED:
        if status.due_date:
            _summary_add(PaymentWeek, {**scope, "kind": PaymentWeek.Kind.DUE, "week": _monday(status.due_date)}, org, 1, status.amount)
    else:
        if status.due_date:
            _summary_add(PaymentWeek, {**scope, "kind": PaymentWeek.Kind.DUE, "week": _monday(status.due_date)}, org, -1, -status.amount)
        _summary_add(PaymentWeek, {**scope, "kind": PaymentWeek.Kind.PAID, "week": _monday(today)}, org, 1, status.amount)
        status.payment_date = today
        status.payment_reference = f"TEST-{invoice.number}"[:50]
    status.status = to_status
    status.source_updated_at = timezone.now()
    status.save()
    if to_status == InvoiceState.APPROVED:
        transaction.on_commit(
            lambda: tasks.test_buyer_advance.apply_async((invoice_id, InvoiceState.PAID), countdown=settings.TEST_BUYER_PAY_SECONDS)
        )
    return True
