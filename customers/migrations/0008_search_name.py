"""A normalised search column on buyer entities and groups (customers.models.search_key), so the
directory search is blind to accents and case on SQLite too. On PostgreSQL the trigram and prefix
indexes, and the word list that forgives typos, move from `lower(immutable_unaccent(legal_name))`
to the column: a stored key also spares the search one unaccent() per row it rechecks."""

from django.db import migrations

import customers.models
from customers.models import search_key
from portal.lib.migration_helpers import postgresql_only

BATCH = 10_000
WORDS = (
    "CREATE MATERIALIZED VIEW buyer_name_words AS"
    " SELECT DISTINCT word FROM customers_buyerentity, regexp_split_to_table({name}, '\\s+') AS word"
    " WHERE length(word) >= 3"
)
WORD_INDEXES = [
    "CREATE UNIQUE INDEX buyer_name_words_word ON buyer_name_words (word)",
    "CREATE INDEX buyer_name_words_trgm ON buyer_name_words USING gist (word gist_trgm_ops)",
]
FORWARD = [
    "DROP INDEX IF EXISTS buyer_name_trgm",
    "DROP INDEX IF EXISTS buyer_name_prefix",
    "CREATE INDEX buyer_search_name_trgm ON customers_buyerentity USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX buyer_search_name_prefix ON customers_buyerentity (search_name text_pattern_ops)",
    # Phrases: the key without spaces has trigrams across words (customers/selectors.py, JOINED).
    "CREATE INDEX buyer_search_name_joined_trgm ON customers_buyerentity"
    " USING gin (replace(search_name, ' ', '') gin_trgm_ops)",
    "DROP MATERIALIZED VIEW IF EXISTS buyer_name_words",
    WORDS.format(name="search_name"),
    *WORD_INDEXES,
    "ANALYZE customers_buyerentity",
]
BACKWARD = [
    "DROP MATERIALIZED VIEW IF EXISTS buyer_name_words",
    WORDS.format(name="lower(immutable_unaccent(legal_name))"),
    *WORD_INDEXES,
    "DROP INDEX IF EXISTS buyer_search_name_joined_trgm",
    "DROP INDEX IF EXISTS buyer_search_name_prefix",
    "DROP INDEX IF EXISTS buyer_search_name_trgm",
    "CREATE INDEX buyer_name_trgm ON customers_buyerentity"
    " USING gin (lower(immutable_unaccent(legal_name)) gin_trgm_ops)",
    "CREATE INDEX buyer_name_prefix ON customers_buyerentity"
    " (lower(immutable_unaccent(legal_name)) text_pattern_ops)",
]


def _keys_fill(apps, schema_editor):
    for model_name, source in (("BuyerEntity", "legal_name"), ("BuyerGroup", "name")):
        model = apps.get_model("customers", model_name)
        if schema_editor.connection.vendor == "postgresql":
            _keys_copy(schema_editor.connection, model._meta.db_table, _key_batches(model, source))
        else:
            for batch in _key_batches(model, source):
                model.objects.bulk_update([model(pk=pk, search_name=key) for pk, key in batch], ["search_name"])


def _key_batches(model, source: str):
    """(id, search key) of every row, a batch at a time, by id."""
    last = 0
    while batch := list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", source)[:BATCH]):
        yield [(pk, search_key(value)) for pk, value in batch]
        last = batch[-1][0]


def _keys_copy(connection, table: str, batches) -> None:
    """A million rows in seconds: COPY the keys in, then one UPDATE (bulk_update takes minutes)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE search_keys (id bigint PRIMARY KEY, search_name text)")
        for batch in batches:
            with cursor.copy("COPY search_keys (id, search_name) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        cursor.execute(f"UPDATE {table} SET search_name = k.search_name FROM search_keys k WHERE {table}.id = k.id")
        cursor.execute("DROP TABLE search_keys")


class Migration(migrations.Migration):
    dependencies = [("customers", "0007_invoice_record_received_at")]

    operations = [
        migrations.AddField(
            model_name="buyerentity",
            name="search_name",
            field=customers.models.SearchKeyField(source="legal_name"),
        ),
        migrations.AddField(
            model_name="buyergroup",
            name="search_name",
            field=customers.models.SearchKeyField(source="name"),
        ),
        migrations.RunPython(_keys_fill, migrations.RunPython.noop),
        postgresql_only(FORWARD, BACKWARD),
    ]
