"""Invoice status: each supplier account's own copy of its buyers' accounts-payable records,
loaded by Celery, with the small summaries its pages read instead of counting rows."""

import uuid
from functools import lru_cache

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from connections.models import Relationship
from customers.models import BuyerEntity, InvoiceDetails, InvoiceState
from portal.lib.models import TenantOwned
from suppliers.models import Organisation, SupplierAccount


# The numbers the header's invoice search looks up, in any case (invoices_matching).
SEARCHED_NUMBERS = ["invoice_number", "po_number", "payment_reference"]


def search_index(field: str) -> models.Index:
    return models.Index("organisation", Upper(field), name=f"invoice_status_{field.split('_')[0]}_search")



class InvoiceStatus(TenantOwned, InvoiceDetails):
    # No single-column indexes on the foreign keys: the composite indexes below lead with the
    # account or the organisation, and every index slows a million-row load. The database checks
    # only the account's key: each key it checks adds about 3 s to a million-row load, and the
    # loader copies the organisation and the buyer from the relationship it loads (Django still
    # cascades their deletions).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    account = models.ForeignKey(
        SupplierAccount, on_delete=models.CASCADE, related_name="invoice_statuses", db_index=False
    )
    buyer = models.ForeignKey(
        BuyerEntity, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    source_updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("invoice status")
        verbose_name_plural = _("invoice statuses")
        constraints = [
            models.UniqueConstraint(fields=["account", "buyer", "invoice_number"], name="invoice_status_natural_key")
        ]
        indexes = [
            models.Index(fields=["account", "-invoice_date", "-id"], name="invoice_status_page"),
            models.Index(fields=["account", "status", "-invoice_date", "-id"], name="invoice_status_by_status"),
            # The search compares upper-cased numbers; PostgreSQL answers an OR of the three
            # from these indexes together (a bitmap OR), or else scans every tenant's rows. On
            # PostgreSQL migration 0005 builds them with text_pattern_ops, for prefixes ("INV12*"):
            # only a "C" collation's default index answers LIKE 'INV12%', and "C.UTF-8" is not one.
            *(search_index(field) for field in SEARCHED_NUMBERS),
        ]

    def __str__(self):
        return f"{self.invoice_number} ({self.status_label})"

    @property
    def status_label(self) -> str:
        return status_labels()[self.status]


def status_labels() -> dict[str, str]:
    """Each status's label in the active language. Not get_status_display(), which builds a
    dictionary of the choices at each call and translates the label again: a page of 50 rows
    feels both."""
    return _status_labels(get_language())


@lru_cache(maxsize=16)
def _status_labels(language: str) -> dict[str, str]:
    # `language` is the cache key; str() translates into the active language.
    return {state.value: str(state.label) for state in InvoiceState}


class StatusCount(TenantOwned):
    """Invoices per status and currency for one account and buyer, kept by the loader."""

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=InvoiceState.choices)
    currency = models.CharField(max_length=3)
    count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["account", "buyer"])]


class PaymentWeek(TenantOwned):
    """Approved invoices by due week and paid ones by payment week, per currency, kept by the
    loader for "When will I get paid?"."""

    class Kind(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    week = models.DateField()  # the Monday
    currency = models.CharField(max_length=3)
    count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["account", "kind", "week"])]


class LoadRun(TenantOwned):
    """One load of a relationship's invoice statuses: its progress, and its outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Loading")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    organisation_from = "relationship"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="load_runs")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Only records the portal received after this moment are loaded (None: all of them).
    since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
