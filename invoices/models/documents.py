"""Documents: the supplier's own invoices and credit notes, written on the portal, numbered and
frozen when sent, delivered to the buyer's AP contact (issue 17).

Fields are named after the EN 16931 business terms they hold (BT-n, EN 16931-1:2017). Amounts
are ``Decimal`` in the currency's major unit (euros, not cents); quantities and prices keep the
precision they were typed with; VAT rates are percentages (21 for 21 %). State changes happen
only in ``invoices.documents.services``; a sent invoice, its lines and its allowances refuse to
change (``InvoiceFrozen``), except for its delivery fields.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from customers.models import BuyerEntity
from portal.lib.models import TenantOwned
from suppliers.models import SupplierAccount


class InvoiceFrozen(Exception):
    """A sent invoice (or one of its lines or allowances) was about to change: corrections are
    credit notes."""


# Why a delivery failed, stored in English (the worker's language) and shown in the reader's
# (Invoice.delivery_failure_text); a mail server's own words follow the refusal.
NO_AP_ADDRESS = gettext_noop(
    "The customer has no accounts-payable e-mail address on the network. Ask support to add one, then send it again."
)
MAIL_REFUSED = gettext_noop("The customer's mail server refused the e-mail:")
DELIVERY_FAILURES = (NO_AP_ADDRESS, MAIL_REFUSED)


class TypeCode(models.TextChoices):
    """BT-3, UNTDID 1001 as EN 16931 uses it."""

    INVOICE = "380", _("Invoice")
    CREDIT_NOTE = "381", _("Credit note")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class DeliveryState(models.TextChoices):
    """How the e-mail to the buyer's AP contact went; separate from the buyer's statuses."""

    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class PaymentMeans(models.TextChoices):
    """BT-81, UNTDID 4461: the two the portal offers (the account's IBAN and BIC go with them)."""

    SEPA_CREDIT_TRANSFER = "58", _("SEPA credit transfer")
    CREDIT_TRANSFER = "30", _("Credit transfer")


class UnitCode(models.TextChoices):
    """BT-130: a subset of UN/ECE Recommendation 20 that the Peppol unit code list allows."""

    ONE = "C62", _("one (unit)")
    PIECE = "H87", _("piece")
    SET = "SET", _("set")
    LUMP_SUM = "LS", _("lump sum")
    MINUTE = "MIN", _("minute")
    HOUR = "HUR", _("hour")
    DAY = "DAY", _("day")
    WEEK = "WEE", _("week")
    MONTH = "MON", _("month")
    YEAR = "ANN", _("year")
    KILOGRAM = "KGM", _("kilogram")
    TONNE = "TNE", _("tonne")
    METRE = "MTR", _("metre")
    KILOMETRE = "KMT", _("kilometre")
    SQUARE_METRE = "MTK", _("square metre")
    CUBIC_METRE = "MTQ", _("cubic metre")
    LITRE = "LTR", _("litre")
    KILOWATT_HOUR = "KWH", _("kilowatt hour")


class VatCategory(models.TextChoices):
    """BT-151 / BT-95 / BT-102 / BT-118: UNTDID 5305 as EN 16931 restricts it."""

    STANDARD = "S", _("Standard rate")
    ZERO = "Z", _("Zero rated")
    EXEMPT = "E", _("Exempt from VAT")
    REVERSE_CHARGE = "AE", _("Reverse charge")
    INTRA_COMMUNITY = "K", _("Intra-community supply")
    EXPORT = "G", _("Export outside the EU")
    OUTSIDE_SCOPE = "O", _("Outside the scope of VAT")


# Currencies an invoice may be written in (BT-5, ISO 4217), all with two minor digits, so the
# stored totals (two decimal places) are exact.
CURRENCIES = ["EUR", "BGN", "CHF", "CZK", "DKK", "GBP", "HUF", "NOK", "PLN", "RON", "SEK", "USD"]

AMOUNT = {"max_digits": 18, "decimal_places": 2}
QUANTITY = {"max_digits": 18, "decimal_places": 4}
RATE = {"max_digits": 5, "decimal_places": 2}


class Invoice(TenantOwned):
    """An invoice (BT-3 380) or credit note (381) of one supplier account to one buyer entity the
    account has an active relationship with. Draft: editable, no number. Sent: numbered from the
    account's ``NumberSequence``, its totals stored, and frozen."""

    # What may still change once sent: delivery, and the totals stored at send.
    MUTABLE_WHEN_SENT = frozenset(
        {
            "delivery_state",
            "delivery_failure",
            "delivery_round",
            "delivered_at",
            "status_recorded",
        }
    )

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="invoices")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer"))
    type_code = models.CharField(_("type"), max_length=3, choices=TypeCode.choices, default=TypeCode.INVOICE)
    state = models.CharField(_("state"), max_length=5, choices=DocumentState.choices, default=DocumentState.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)  # BT-1, blank while draft
    issue_date = models.DateField(_("issue date"), default=timezone.localdate)  # BT-2
    due_date = models.DateField(_("due date"), null=True, blank=True)  # BT-9
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)  # BT-20
    currency = models.CharField(
        _("currency"), max_length=3, choices=[(code, code) for code in CURRENCIES], default="EUR"
    )  # BT-5
    buyer_reference = models.CharField(_("buyer reference"), max_length=100, blank=True)  # BT-10
    order_reference = models.CharField(_("purchase order number"), max_length=100, blank=True)  # BT-13
    # BT-25 (a credit note: one of the account's sent invoices), or credit_reason standing alone.
    preceding_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("invoice being credited"),
    )
    credit_reason = models.CharField(_("reason for the credit note"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)  # BT-22
    # The PDF's language; blank: the buyer's AP contact's, else English.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    payment_means = models.CharField(
        _("payment means"), max_length=3, choices=PaymentMeans.choices, default=PaymentMeans.SEPA_CREDIT_TRANSFER
    )  # BT-81; IBAN (BT-84) and BIC (BT-86) are the account's

    delivery_state = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.NOT_SENT
    )
    delivery_failure = models.CharField(_("delivery failure"), max_length=300, blank=True)
    # 1 at send, +1 at each resend: the e-mail's event key, so each round e-mails once.
    delivery_round = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # The "Where is my invoice?" status row was written for it (services, idempotent).
    status_recorded = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The totals stored at send (invoices.documents.totals), so lists read no lines; zero in drafts.
    line_net_total = models.DecimalField(_("sum of line net amounts"), default=0, **AMOUNT)  # BT-106
    tax_exclusive = models.DecimalField(_("total without VAT"), default=0, **AMOUNT)  # BT-109
    tax_total = models.DecimalField(_("total VAT"), default=0, **AMOUNT)  # BT-110
    tax_inclusive = models.DecimalField(_("total with VAT"), default=0, **AMOUNT)  # BT-112
    payable = models.DecimalField(_("amount due"), default=0, **AMOUNT)  # BT-115

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "type_code", "number"],
                condition=~Q(number=""),
                name="invoice_number_unique_per_account_type",
            ),
            models.CheckConstraint(
                condition=Q(state="draft", number="") | (Q(state="sent") & ~Q(number="")),
                name="invoice_numbered_when_sent",
            ),
        ]
        indexes = [
            # The list: newest first, keyset on (created_at, id), all or by type / state.
            models.Index(fields=["account", "-created_at", "-id"], name="invoice_page"),
            models.Index(fields=["account", "type_code", "-created_at", "-id"], name="invoice_page_by_type"),
            models.Index(fields=["account", "state", "-created_at", "-id"], name="invoice_page_by_state"),
            models.Index(fields=["account", "delivery_state", "-created_at", "-id"], name="invoice_page_by_delivery"),
            # The list's number search (a prefix, any case); migration 0008 builds it with
            # text_pattern_ops on PostgreSQL, as 0005 does for the statuses' numbers.
            models.Index("account", Upper("number"), name="invoice_number_search"),
        ]

    def __str__(self):
        return self.number or str(_("Draft"))

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_state = instance.__dict__.get("state")
        return instance

    @property
    def delivery_failure_text(self) -> str:
        """Why delivery failed, in the active language (the mail server's words as it said them)."""
        for msgid in DELIVERY_FAILURES:
            if self.delivery_failure.startswith(msgid):
                return gettext(msgid) + self.delivery_failure[len(msgid):]
        return self.delivery_failure

    @property
    def is_draft(self) -> bool:
        return self.state == DocumentState.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.type_code == TypeCode.CREDIT_NOTE

    @property
    def was_sent(self) -> bool:
        """Whether the row as stored is sent (what this instance was loaded as)."""
        return getattr(self, "_stored_state", None) == DocumentState.SENT

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.was_sent and (update_fields is None or not set(update_fields) <= self.MUTABLE_WHEN_SENT):
            raise InvoiceFrozen(f"invoice {self.uuid} is sent: only its delivery may change")
        super().save(*args, **kwargs)
        self._stored_state = self.state

    def delete(self, *args, **kwargs):
        if self.was_sent or self.state == DocumentState.SENT:
            raise InvoiceFrozen(f"invoice {self.uuid} is sent and cannot be deleted")
        return super().delete(*args, **kwargs)


class InvoiceDocumentPart(TenantOwned):
    """A line or a document-level allowance or charge: frozen with its invoice."""

    organisation_from = "invoice"

    class Meta:
        abstract = True

    def _refuse_when_sent(self) -> None:
        if self.invoice_id is not None and type(self.invoice).objects.filter(
            pk=self.invoice_id, state=DocumentState.SENT
        ).exists():
            raise InvoiceFrozen(f"invoice {self.invoice_id} is sent: its {type(self).__name__} cannot change")

    def save(self, *args, **kwargs):
        self._refuse_when_sent()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_when_sent()
        return super().delete(*args, **kwargs)


class InvoiceLine(InvoiceDocumentPart):
    """BG-25, in the order typed (``position``)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)  # BT-153
    quantity = models.DecimalField(_("quantity"), default=1, **QUANTITY)  # BT-129
    unit_code = models.CharField(_("unit"), max_length=3, choices=UnitCode.choices, default=UnitCode.ONE)  # BT-130
    net_price = models.DecimalField(_("unit price"), **QUANTITY)  # BT-146, without VAT
    allowance = models.DecimalField(_("line discount"), default=0, **AMOUNT)  # BT-136, positive
    vat_category = models.CharField(
        _("VAT category"), max_length=2, choices=VatCategory.choices, default=VatCategory.STANDARD
    )  # BT-151
    vat_rate = models.DecimalField(_("VAT rate (%)"), null=True, blank=True, **RATE)  # BT-152
    exemption_reason = models.CharField(_("VAT exemption reason"), max_length=300, blank=True)  # BT-120
    exemption_code = models.CharField(_("VATEX code"), max_length=30, blank=True)  # BT-121

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "id"]

    def __str__(self):
        return self.description


class AllowanceCharge(InvoiceDocumentPart):
    """BG-20 document-level allowance (a discount) or BG-21 charge (e.g. shipping)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="allowances_charges")
    position = models.PositiveIntegerField(default=0)
    is_charge = models.BooleanField(_("charge"), default=False)
    amount = models.DecimalField(_("amount"), **AMOUNT)  # BT-92 / BT-99, positive
    reason = models.CharField(_("reason"), max_length=200)  # BT-97 / BT-104
    vat_category = models.CharField(
        _("VAT category"), max_length=2, choices=VatCategory.choices, default=VatCategory.STANDARD
    )  # BT-95 / BT-102
    vat_rate = models.DecimalField(_("VAT rate (%)"), null=True, blank=True, **RATE)  # BT-96 / BT-103

    class Meta:
        verbose_name = _("allowance or charge")
        verbose_name_plural = _("allowances and charges")
        ordering = ["position", "id"]

    def __str__(self):
        return self.reason


class NumberSequence(TenantOwned):
    """The next number of one account's invoices or credit notes (BT-1 = prefix + counter).
    Numbers are issued only by locking this row (select_for_update) inside the send transaction,
    so two sends get consecutive numbers and a rolled-back send leaves no gap."""

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="+")
    type_code = models.CharField(max_length=3, choices=TypeCode.choices)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    next_number = models.PositiveBigIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["account", "type_code"], name="number_sequence_per_account_type")
        ]

    def __str__(self):
        return f"{self.prefix}{self.next_number}"


class DeliveryAttempt(TenantOwned):
    """One attempt to deliver a sent invoice (its detail page's delivery history)."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    organisation_from = "invoice"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="delivery_attempts")
    round = models.PositiveIntegerField()  # Invoice.delivery_round it belongs to
    at = models.DateTimeField(_("when"), default=timezone.now)
    recipient = models.EmailField(_("to"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-at", "-id"]
        constraints = [
            # A delivery task run twice records its round once.
            models.UniqueConstraint(fields=["invoice", "round"], name="delivery_attempt_once_per_round")
        ]

    def __str__(self):
        return f"{self.invoice} {self.at:%Y-%m-%d %H:%M} {self.outcome}"


class InvoiceCount(TenantOwned):
    """How many of one account's documents are of one type, state and delivery state, kept by
    invoices.documents.services so the list counts without counting rows."""

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="+")
    type_code = models.CharField(max_length=3, choices=TypeCode.choices)
    state = models.CharField(max_length=5, choices=DocumentState.choices)
    delivery_state = models.CharField(max_length=10, choices=DeliveryState.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "type_code", "state", "delivery_state"], name="invoice_count_key"
            )
        ]
