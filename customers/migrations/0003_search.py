"""Directory search on PostgreSQL: trigram and unaccent extensions, an IMMUTABLE unaccent (so an
index may use it), and indexes on the normalised name that customers/selectors.py queries."""

from django.db import migrations

from portal.lib.migration_helpers import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE (its dictionary could change); naming the dictionary pins it.
    "CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text AS"
    " $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT",
    # Infix and fuzzy matches.
    "CREATE INDEX buyer_name_trgm ON customers_buyerentity"
    " USING gin (lower(immutable_unaccent(legal_name)) gin_trgm_ops)",
    # Prefix matches, in order.
    "CREATE INDEX buyer_name_prefix ON customers_buyerentity"
    " (lower(immutable_unaccent(legal_name)) text_pattern_ops)",
    "CREATE INDEX buyer_vat_number ON customers_buyerentity (vat_number)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS buyer_vat_number",
    "DROP INDEX IF EXISTS buyer_name_prefix",
    "DROP INDEX IF EXISTS buyer_name_trgm",
    "DROP FUNCTION IF EXISTS immutable_unaccent(text)",
]


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_buyer_language")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
