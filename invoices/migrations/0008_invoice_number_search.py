"""The Invoicing list's number search compares upper-cased prefixes: an index on (account,
UPPER(number)), built with text_pattern_ops on PostgreSQL so that it answers LIKE 'INV-12%' whatever
the database's collation (as 0005 does for the statuses); elsewhere as the model says."""

from django.db import migrations, models
from django.db.models.functions import Upper

INDEX = models.Index("account", Upper("number"), name="invoice_number_search")


def _index_create(apps, schema_editor):
    model = apps.get_model("invoices", "Invoice")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(INDEX.name)} ON {schema_editor.quote_name(model._meta.db_table)} "
            '("account_id", (UPPER("number")) text_pattern_ops)'
        )
    else:
        schema_editor.add_index(model, INDEX)


def _index_drop(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("invoices", "Invoice"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("invoices", "0007_billing")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="invoice", index=INDEX)],
            database_operations=[migrations.RunPython(_index_create, _index_drop)],
        ),
    ]
