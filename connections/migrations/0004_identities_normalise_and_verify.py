"""Identifiers already stored are normalised as portal.lib.identifiers now writes them on the way in,
and each existing relationship records as verified the identities it matched until now: its
account's VAT and network numbers and its vendor code, as they stand (the test buyer's verify
nothing)."""

from django.core.exceptions import ValidationError
from django.db import migrations
from django.utils import timezone

from portal.lib.identifiers import (
    network_number_normalise,
    vat_number_compact,
    vat_number_normalise,
    vendor_code_normalise,
)

CHUNK = 10_000
BACKFILLED = "migration: the account's identities when verified identities were introduced"


def _vat_with_country(number: str, country: str) -> str:
    if not number:
        return number
    try:
        return vat_number_normalise(number, country)
    except ValidationError:  # invalid under today's scheme: kept, only compacted
        return vat_number_compact(number)


def _numbers_normalise(model, fields: list[str]) -> None:
    """Rewrites the rows of `model` whose values change; the VAT number by the row's country.
    A row whose normalised network number another row already has is left as it is."""
    for pk, *values in model.objects.values_list("pk", *fields).iterator(chunk_size=CHUNK):
        row = dict(zip(fields, values))
        new = {"network_number": network_number_normalise(row["network_number"])}
        if "vat_number" in row:
            new["vat_number"] = _vat_with_country(row["vat_number"], row["country"])
        changed = {name: value for name, value in new.items() if value != row[name]}
        if "network_number" in changed and model.objects.filter(network_number=changed["network_number"]).exists():
            del changed["network_number"]
        if changed:
            model.objects.filter(pk=pk).update(**changed)


RECORD_IDENTITIES = {
    "supplier_vat_number": vat_number_compact,
    "supplier_network_number": network_number_normalise,
    "vendor_code": vendor_code_normalise,
}


def _records_normalise(apps) -> None:
    """A record whose normalised natural key another record already has is the same invoice
    written another way: the newer of the two is kept."""
    Record = apps.get_model("customers", "BuyerInvoiceRecord")
    fields = list(RECORD_IDENTITIES)
    rows = Record.objects.values_list("pk", "buyer_id", "invoice_number", "updated_at", *fields)
    for pk, buyer_id, invoice_number, updated_at, *values in rows.iterator(chunk_size=CHUNK):
        new = {name: RECORD_IDENTITIES[name](value) for name, value in zip(fields, values)}
        if list(new.values()) == values:
            continue
        twin = Record.objects.filter(buyer_id=buyer_id, invoice_number=invoice_number, **new).exclude(pk=pk).first()
        if twin is None:
            Record.objects.filter(pk=pk).update(**new)
        elif twin.updated_at < updated_at:
            twin.delete()
            Record.objects.filter(pk=pk).update(**new)
        else:
            Record.objects.filter(pk=pk).delete()


def _vendor_codes_normalise(model) -> None:
    for pk, code in model.objects.exclude(vendor_code="").values_list("pk", "vendor_code").iterator(chunk_size=CHUNK):
        if vendor_code_normalise(code) != code:
            model.objects.filter(pk=pk).update(vendor_code=vendor_code_normalise(code))


def forward(apps, schema_editor):
    _numbers_normalise(apps.get_model("suppliers", "SupplierAccount"), ["network_number", "vat_number", "country"])
    _numbers_normalise(apps.get_model("customers", "BuyerEntity"), ["network_number", "vat_number", "country"])
    _records_normalise(apps)
    Relationship = apps.get_model("connections", "Relationship")
    _vendor_codes_normalise(Relationship)
    _vendor_codes_normalise(apps.get_model("connections", "ConnectionRequest"))
    now = timezone.now()
    for relationship in Relationship.objects.filter(buyer__is_test_buyer=False).select_related("account"):
        relationship.verified_vat_number = relationship.account.vat_number
        relationship.verified_network_number = relationship.account.network_number
        relationship.verified_vendor_code = relationship.vendor_code
        relationship.verified_at = now
        relationship.verified_by_label = BACKFILLED
        relationship.save(
            update_fields=[
                "verified_vat_number", "verified_network_number", "verified_vendor_code", "verified_at",
                "verified_by_label",
            ]
        )


def backward(apps, schema_editor):
    """The verified identities are forgotten; normalised identifiers stay (they match as before)."""
    apps.get_model("connections", "Relationship").objects.update(
        verified_vat_number="", verified_network_number="", verified_vendor_code="", verified_how="",
        verified_at=None, verified_by=None, verified_by_label="",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("connections", "0003_relationship_verified_identities"),
        ("customers", "0006_challenge_indexes"),
        ("suppliers", "0005_account_identity_changes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
