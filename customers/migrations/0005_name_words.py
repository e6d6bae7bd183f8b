"""The words of buyer names, for forgiving typos: a typo is matched against this short list of
distinct words (fast), and the corrected words are then searched like any name. Matching typos
against a million whole names instead costs hundreds of milliseconds."""

from django.db import migrations

from portal.lib.migration_helpers import postgresql_only

FORWARD = [
    "CREATE MATERIALIZED VIEW buyer_name_words AS"
    " SELECT DISTINCT word FROM customers_buyerentity,"
    " regexp_split_to_table(lower(immutable_unaccent(legal_name)), '\\s+') AS word"
    " WHERE length(word) >= 3",
    "CREATE UNIQUE INDEX buyer_name_words_word ON buyer_name_words (word)",
    "CREATE INDEX buyer_name_words_trgm ON buyer_name_words USING gist (word gist_trgm_ops)",
]
BACKWARD = ["DROP MATERIALIZED VIEW IF EXISTS buyer_name_words"]


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_buyer_invoice_records")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
