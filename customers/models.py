"""The buyer directory: shared by all tenants, written only by imports, admin and the demo."""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.lib.identifiers import network_number_validator

# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSABLE = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


def search_key(text: str) -> str:
    """`text` as the directory search compares it: case-folded ("ß" → "ss"), without accents
    ("Łódź" → "lodz"), whitespace runs as one space. The same function normalises what is typed,
    so matching is accent- and case-blind on every database."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(bare.translate(UNDECOMPOSABLE).split())


class SearchKeyField(models.TextField):
    """The `search_key` of another field of the row, computed whenever the row is written: by
    `save()`, `update_or_create()` and `bulk_create()` alike (they all call `pre_save`)."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        super().__init__(*args, editable=False, default="", **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["editable"], kwargs["default"]
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, model_instance, add):
        value = search_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class BuyerEntity(models.Model):
    """A legal entity that accepts e-invoices (and maybe credit notes) through the network."""

    network_number = models.CharField(
        _("network number"), max_length=12, unique=True, validators=[network_number_validator]
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    # Indexed on PostgreSQL (trigram and prefix indexes, migration 0008); customers/selectors.py.
    search_name = SearchKeyField(source="legal_name")
    country = CountryField(_("country"))
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    # The postal address EN 16931 needs of a buyer (BG-8); the country above is BT-55.
    street = models.CharField(_("street and number"), max_length=200, blank=True)  # BT-50
    city = models.CharField(_("city"), max_length=100, blank=True)  # BT-52
    post_code = models.CharField(_("post code"), max_length=20, blank=True)  # BT-53
    ap_contact_name = models.CharField(_("AP contact name"), max_length=200, blank=True)
    ap_contact_email = models.EmailField(_("AP contact e-mail"), blank=True)
    ap_contact_language = models.CharField(
        _("AP contact language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("E-mails to the AP contact are written in this language; English if unknown."),
    )
    accepts_invoices = models.BooleanField(_("accepts invoices"), default=True)
    accepts_credit_notes = models.BooleanField(_("accepts credit notes"), default=True)
    is_test_buyer = models.BooleanField(_("test buyer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("buyer entity")
        verbose_name_plural = _("buyer entities")
        ordering = ["legal_name"]

    def __str__(self):
        label = f"{self.network_number} - {self.legal_name}"
        return f"{label} ({self.vat_number})" if self.vat_number else label


class BuyerGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    search_name = SearchKeyField(source="name")
    entities = models.ManyToManyField(BuyerEntity, related_name="groups", verbose_name=_("entities"))

    class Meta:
        verbose_name = _("buyer group")
        verbose_name_plural = _("buyer groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InvoiceState(models.TextChoices):
    """The network's invoice statuses (ISS), as buyers report them."""

    RECEIVED = "received", _("Received")
    APPROVED = "approved", _("Approved")
    ON_HOLD = "on_hold", _("On Hold")
    EXCEPTION = "exception", _("Exception")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


class InvoiceDetails(models.Model):
    """What a buyer records of an invoice; a supplier account's invoice status is a copy."""

    invoice_number = models.CharField(_("invoice number"), max_length=50)
    invoice_date = models.DateField(_("invoice date"))
    amount = models.DecimalField(_("gross amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    po_number = models.CharField(_("PO number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InvoiceState.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    payment_date = models.DateField(_("payment date"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=50, blank=True)

    class Meta:
        abstract = True


class BuyerInvoiceRecord(InvoiceDetails):
    """The buyer's own accounts-payable record of a supplier's invoice. The buyer knows the
    supplier by VAT number and, where known, by network number or vendor code."""

    # No index of the buyer alone: the indexes below lead with it. With one, the planner read all
    # of a buyer's records to find one supplier's whenever statistics did not yet know that
    # supplier's (a buyer's thousand suppliers loaded one after another: bench/RESULTS.md).
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.CASCADE, related_name="invoice_records", db_index=False)
    supplier_vat_number = models.CharField(_("supplier VAT number"), max_length=20, blank=True)
    supplier_network_number = models.CharField(_("supplier network number"), max_length=12, blank=True)
    vendor_code = models.CharField(_("vendor code"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("updated at the source"))
    # When the portal received this version, whatever the source's clock says: incremental loads
    # read what arrived since the last one. Every write path that changes a record sets it; the
    # database default stamps rows that bulk loads write with SQL.
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("buyer invoice record")
        verbose_name_plural = _("buyer invoice records")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "supplier_vat_number", "supplier_network_number", "vendor_code", "invoice_number"],
                name="buyer_invoice_record_natural_key",
            )
        ]
        indexes = [
            # The loader reads a supplier's records, all of them or those received since a time.
            models.Index(fields=["buyer", "supplier_vat_number", "received_at"], name="record_vat_received"),
            models.Index(fields=["buyer", "supplier_network_number", "received_at"], name="record_network_received"),
            models.Index(fields=["buyer", "vendor_code", "received_at"], name="record_vendor_code_received"),
            # The invoice challenge reads a supplier's newest invoices, and those of one date.
            models.Index(fields=["buyer", "supplier_vat_number", "invoice_date"], name="record_vat_by_date"),
            models.Index(fields=["buyer", "supplier_network_number", "invoice_date"], name="record_network_by_date"),
        ]

    def __str__(self):
        return f"{self.buyer.legal_name}: {self.invoice_number}"


INVOICE_DETAILS = [field.name for field in InvoiceDetails._meta.fields]
