import csv
import io
from dataclasses import dataclass, field
from typing import IO

from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import BuyerEntity, BuyerGroup
from suppliers.vat import vat_normalise


def test_buyer_get() -> BuyerEntity:
    """The network's test buyer, created on first use so every deployment has it."""
    buyer, _ = BuyerEntity.objects.get_or_create(
        network_number=settings.TEST_BUYER_NETWORK_NUMBER,
        defaults={"legal_name": "Network Test Buyer", "country": "GB", "is_test_buyer": True},
    )
    return buyer


BUYER_COLUMNS = [
    "network_number",
    "legal_name",
    "country",
    "vat_number",
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


class BuyerRowForm(forms.ModelForm):
    """One CSV row: the model's own validation, plus yes/no flags and a normalised VAT number."""

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

    def clean_network_number(self):
        return self.cleaned_data["network_number"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vat_number") and cleaned.get("country"):
            try:
                cleaned["vat_number"] = vat_normalise(cleaned["vat_number"], str(cleaned["country"]))
            except forms.ValidationError as error:
                self.add_error("vat_number", error)
        return cleaned

    def validate_unique(self):
        """Upserting by network number: an existing number is an update, not a clash."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def _row_errors(form: forms.Form) -> str:
    parts = []
    for name, messages in form.errors.items():
        text = " ".join(messages)
        parts.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return "; ".join(parts)


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


def buyers_import(*, file: IO[str]) -> ImportReport:
    """Upsert buyer entities from a CSV file, keeping every good row and reporting every bad one.

    Re-importing the same file changes nothing. Groups listed in the `groups` column (separated
    by ";") are created as needed and the entity added to them; it is never removed from others.
    """
    report = ImportReport()
    reader = csv.DictReader(file)
    missing = REQUIRED_BUYER_COLUMNS - set(reader.fieldnames or [])
    if missing:
        report.errors.append(
            (1, _("Missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))})
        )
        return report
    try:
        for row in reader:
            line = reader.line_num
            values = {name: (row.get(name) or "").strip() for name in BUYER_COLUMNS}
            form = BuyerRowForm(data=values)
            if not form.is_valid():
                report.errors.append((line, _row_errors(form)))
                continue
            with transaction.atomic():
                outcome = _buyer_upsert(form.cleaned_data, _group_names(values["groups"]))
            setattr(report, outcome, getattr(report, outcome) + 1)
    except (csv.Error, UnicodeDecodeError) as error:
        report.errors.append((reader.line_num, _("The file could not be read: %(error)s") % {"error": error}))
    if report.created or report.updated:
        name_words_refresh()
    return report


def buyers_import_upload(*, content: bytes) -> ImportReport:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportReport(errors=[(1, _("The file is not UTF-8 encoded CSV."))])
    return buyers_import(file=io.StringIO(text))


def name_words_refresh() -> None:
    """Rebuild the word list that forgives typos in searches (PostgreSQL only), after the
    directory changes in bulk; beat also refreshes it hourly for single edits."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY buyer_name_words")
