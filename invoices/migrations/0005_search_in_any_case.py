"""The invoice search compares upper-cased numbers: one index per searched number, on
(organisation, UPPER(number)). On PostgreSQL they are built with text_pattern_ops, so that they
answer prefixes (LIKE 'INV12%') whatever the database's collation; elsewhere as the model says."""

from django.db import migrations, models
from django.db.models.functions import Upper

SEARCHED_NUMBERS = ["invoice_number", "po_number", "payment_reference"]


def search_index(field: str) -> models.Index:
    return models.Index("organisation", Upper(field), name=f"invoice_status_{field.split('_')[0]}_search")


def _indexes_create(apps, schema_editor):
    model = apps.get_model("invoices", "InvoiceStatus")
    table = schema_editor.quote_name(model._meta.db_table)
    for field in SEARCHED_NUMBERS:
        index = search_index(field)
        if schema_editor.connection.vendor == "postgresql":
            column = schema_editor.quote_name(model._meta.get_field(field).column)
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(index.name)} ON {table} "
                f'("organisation_id", (UPPER({column})) text_pattern_ops)'
            )
        else:
            schema_editor.add_index(model, index)


def _indexes_drop(apps, schema_editor):
    model = apps.get_model("invoices", "InvoiceStatus")
    for field in SEARCHED_NUMBERS:
        schema_editor.remove_index(model, search_index(field))


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0006_challenge_indexes"),
        ("invoices", "0004_owner_checked_by_account"),
        ("suppliers", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="invoicestatus", name="invoice_status_search"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="invoicestatus", index=search_index(field)) for field in SEARCHED_NUMBERS
            ],
            database_operations=[migrations.RunPython(_indexes_create, _indexes_drop)],
        ),
    ]
