from django import forms
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy

from customers.imports import CsvImport, ImportReport, csv_import
from customers.models import INVOICE_DETAILS, BuyerEntity, BuyerGroup, BuyerInvoiceRecord
from portal.lib.db import statistics_refresh
from portal.lib.identifiers import (
    network_number_normalise,
    vat_number_compact,
    vat_number_normalise,
    vendor_code_normalise,
)


# What the test buyer is known by: a VAT number gives it a Peppol electronic address (BT-49),
# and an address, so invoices to it pass the rules as a real buyer's would.
TEST_BUYER_DETAILS = {
    "legal_name": "Network Test Buyer",
    "country": "GB",
    "vat_number": "GB100000034",
    "street": "1 Network Way",
    "city": "London",
    "post_code": "EC1A 1BB",
    "is_test_buyer": True,
}


def test_buyer_get() -> BuyerEntity:
    """The network's test buyer, created on first use so every deployment has it."""
    buyer, _ = BuyerEntity.objects.get_or_create(
        network_number=settings.TEST_BUYER_NETWORK_NUMBER, defaults=TEST_BUYER_DETAILS
    )
    return buyer


BUYER_COLUMNS = [
    "network_number",
    "legal_name",
    "country",
    "vat_number",
    "street",
    "post_code",
    "city",
    "ap_contact_name",
    "ap_contact_email",
    "ap_contact_language",
    "accepts_invoices",
    "accepts_credit_notes",
    "is_test_buyer",
    "groups",
]
REQUIRED_BUYER_COLUMNS = {"network_number", "legal_name", "country"}
BOOLEAN_WORDS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _identifier_field(model, name: str) -> forms.CharField:
    """An identifier as typed, spaces and all: its stored length is checked once normalised."""
    return forms.CharField(label=model._meta.get_field(name).verbose_name, max_length=60, required=False)


class BuyerNumbersForm(forms.Form):
    """A buyer entity's network and VAT numbers normalised (portal.lib.identifiers), the VAT number
    by its country's scheme: for import rows and Django admin alike."""

    network_number = _identifier_field(BuyerEntity, "network_number")
    vat_number = _identifier_field(BuyerEntity, "vat_number")

    def clean_network_number(self):
        return network_number_normalise(self.cleaned_data["network_number"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vat_number") and cleaned.get("country"):
            try:
                cleaned["vat_number"] = vat_number_normalise(cleaned["vat_number"], str(cleaned["country"]))
            except forms.ValidationError as error:
                self.add_error("vat_number", error)
        return cleaned


class SupplierIdentityForm(forms.Form):
    """The supplier identities of a buyer's invoice record, normalised (portal.lib.identifiers). A
    buyer's export writes the supplier without a country: its VAT number is compacted, and meets
    the account's (normalised with its country) whenever it carries the prefix."""

    supplier_vat_number = _identifier_field(BuyerInvoiceRecord, "supplier_vat_number")
    supplier_network_number = _identifier_field(BuyerInvoiceRecord, "supplier_network_number")
    vendor_code = _identifier_field(BuyerInvoiceRecord, "vendor_code")

    def clean_supplier_vat_number(self):
        return vat_number_compact(self.cleaned_data["supplier_vat_number"])

    def clean_supplier_network_number(self):
        return network_number_normalise(self.cleaned_data["supplier_network_number"])

    def clean_vendor_code(self):
        return vendor_code_normalise(self.cleaned_data["vendor_code"])


class BuyerRowForm(BuyerNumbersForm, forms.ModelForm):
    """One CSV row: the model's own validation, plus yes/no flags and normalised numbers."""

    class Meta:
        model = BuyerEntity
        fields = BUYER_COLUMNS[:-1]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("accepts_invoices", "accepts_credit_notes", "is_test_buyer"):
            self.fields[name] = forms.CharField(required=False)

    def _clean_flag(self, name: str) -> bool:
        value = self.cleaned_data[name].strip().lower()
        if not value:
            return BuyerEntity._meta.get_field(name).default
        if value not in BOOLEAN_WORDS:
            raise forms.ValidationError(gettext_lazy("Use yes or no."))
        return BOOLEAN_WORDS[value]

    def clean_accepts_invoices(self):
        return self._clean_flag("accepts_invoices")

    def clean_accepts_credit_notes(self):
        return self._clean_flag("accepts_credit_notes")

    def clean_is_test_buyer(self):
        return self._clean_flag("is_test_buyer")

    def validate_unique(self):
        """Upserting by network number: an existing number is an update, not a clash."""


def _group_names(value: str) -> set[str]:
    return {name.strip() for name in value.split(";") if name.strip()}


def _buyer_upsert(data: dict, group_names: set[str]) -> str:
    """Create or update one entity by network number; "created", "updated" or "unchanged"."""
    buyer = BuyerEntity.objects.filter(network_number=data["network_number"]).first()
    created = buyer is None
    buyer = buyer or BuyerEntity(network_number=data["network_number"])
    changed = created or any(getattr(buyer, name) != value for name, value in data.items())
    if changed:
        for name, value in data.items():
            setattr(buyer, name, value)
        buyer.save()
    current_groups = set() if created else set(buyer.groups.values_list("name", flat=True))
    for name in group_names - current_groups:
        group, _ = BuyerGroup.objects.get_or_create(name=name)
        group.entities.add(buyer)
        changed = True
    if created:
        return "created"
    return "updated" if changed else "unchanged"


BUYERS_IMPORT = CsvImport(
    columns=BUYER_COLUMNS,
    required=REQUIRED_BUYER_COLUMNS,
    row_form=BuyerRowForm,
    upsert=lambda data, values: _buyer_upsert(data, _group_names(values["groups"])),
)


def buyers_import(*, content: bytes) -> ImportReport:
    """Upsert buyer entities by network number from a CSV file. Groups listed in the `groups`
    column (separated by ";") are created as needed and the entity added to them; it is never
    removed from others."""
    report = csv_import(BUYERS_IMPORT, content)
    if report.changed:
        name_words_refresh()
    statistics_refresh(BuyerEntity, rows_written=report.created + report.updated)
    return report


SEARCH_TRIGRAM_INDEXES = ["buyer_search_name_trgm", "buyer_search_name_joined_trgm"]


def name_words_refresh() -> None:
    """Rebuild the word list that forgives typos in searches (PostgreSQL only), after the
    directory changes in bulk; beat also refreshes it hourly for single edits.

    Also moves the trigram indexes' pending entries into the indexes: rows written in bulk wait
    in a pending list that every search reads whole, and whose size the planner fears (after
    20,000 new names it chose a sequential scan for a term that matched nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY buyer_name_words")
        for index in SEARCH_TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


INVOICE_RECORD_COLUMNS = [
    "buyer_network_number",
    "supplier_vat_number",
    "supplier_network_number",
    "vendor_code",
    *INVOICE_DETAILS,
    "updated_at",
]
REQUIRED_INVOICE_RECORD_COLUMNS = {"buyer_network_number", "invoice_number", "invoice_date", "amount", "currency", "status"}
NATURAL_KEY = ["buyer", "supplier_vat_number", "supplier_network_number", "vendor_code", "invoice_number"]


class InvoiceRecordRowForm(SupplierIdentityForm, forms.ModelForm):
    """One CSV row of a buyer's accounts-payable data; dates as YYYY-MM-DD, amounts with a point."""

    buyer_network_number = forms.CharField(label=gettext_lazy("Buyer network number"))
    updated_at = forms.DateTimeField(required=False, label=gettext_lazy("updated at the source"))

    class Meta:
        model = BuyerInvoiceRecord
        fields = [name for name in INVOICE_RECORD_COLUMNS if name not in ("buyer_network_number", "updated_at")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A file's dates are ISO whatever the language of whoever imports it: "03/04/2015" is not.
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.input_formats = ["%Y-%m-%d"]

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean_buyer_network_number(self):
        return network_number_normalise(self.cleaned_data["buyer_network_number"])

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("buyer_network_number")
        buyer = BuyerEntity.objects.filter(network_number=number).first() if number else None
        if number and buyer is None:
            self.add_error("buyer_network_number", gettext_lazy("No buyer has this network number."))
        if not any(cleaned.get(name) for name in ("supplier_vat_number", "supplier_network_number", "vendor_code")):
            self.add_error(None, gettext_lazy("Give the supplier's VAT number, network number or vendor code."))
        cleaned["buyer"] = buyer
        cleaned["updated_at"] = cleaned.get("updated_at") or timezone.now()
        return cleaned

    def validate_unique(self):
        """Upserting by natural key: an existing record is an update, not a clash."""


def _invoice_record_upsert(data: dict, values: dict) -> str:
    key = {name: data[name] for name in NATURAL_KEY}
    fields = {name: data[name] for name in INVOICE_RECORD_COLUMNS if name != "buyer_network_number" and name not in key}
    record = BuyerInvoiceRecord.objects.filter(**key).first()
    if record is None:
        BuyerInvoiceRecord.objects.create(**key, **fields)
        return "created"
    changed = {name: value for name, value in fields.items() if name != "updated_at" and getattr(record, name) != value}
    if not changed:
        return "unchanged"
    for name, value in fields.items():
        setattr(record, name, value)
    record.received_at = timezone.now()
    record.save()
    return "updated"


INVOICE_RECORDS_IMPORT = CsvImport(
    columns=INVOICE_RECORD_COLUMNS,
    required=REQUIRED_INVOICE_RECORD_COLUMNS,
    row_form=InvoiceRecordRowForm,
    upsert=_invoice_record_upsert,
)


def invoice_records_import(*, content: bytes) -> ImportReport:
    """Upsert buyers' invoice records by (buyer, supplier identity, invoice number); connected
    suppliers see the changes at the next refresh of their invoice statuses."""
    report = csv_import(INVOICE_RECORDS_IMPORT, content)
    statistics_refresh(BuyerInvoiceRecord, rows_written=report.created + report.updated)
    return report
