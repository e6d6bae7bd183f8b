"""Reads of the buyer directory, which every tenant shares (so no organisation argument)."""

from functools import reduce
from operator import or_
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from customers.models import BuyerEntity, BuyerGroup, BuyerInvoiceRecord
from portal.identifiers import PREFIXED, network_number_normalise, vat_number_compact
from suppliers.models import SupplierAccount

MIN_QUERY_LENGTH = 2
MAX_GROUPS = 3
VAT_PREFIXES = sorted(set(PREFIXED.values()) | {"CHE", "NO"})

# The normalised name, exactly as the indexes of migration 0003 are built on it. The query goes
# through the same IMMUTABLE functions in SQL, so the planner folds it into a constant pattern
# and can use the indexes.
NAME = "lower(immutable_unaccent(legal_name))"
TYPED = "lower(immutable_unaccent(%(pattern)s))"
# Prefixes in alphabetical order (btree index), then infixes (trigram index). Each branch has its
# own LIMIT, so PostgreSQL runs them in turn and stops once it has `limit` rows: the infix branch
# runs only when prefixes leave room, and a common word costs no more than its first rows.
NAMES_SQL = f"""
(SELECT * FROM customers_buyerentity WHERE {NAME} LIKE {TYPED} || '%%'
  ORDER BY {NAME} USING ~<~ LIMIT %(limit)s)
UNION ALL
(SELECT * FROM customers_buyerentity WHERE {NAME} LIKE '%%' || {TYPED} || '%%'
  AND NOT {NAME} LIKE {TYPED} || '%%' LIMIT %(limit)s)
LIMIT %(limit)s
"""
GROUP_NAME = "lower(immutable_unaccent(name))"
GROUPS_SQL = f"""
SELECT * FROM customers_buyergroup WHERE {GROUP_NAME} LIKE '%%' || {TYPED} || '%%'
ORDER BY NOT {GROUP_NAME} LIKE {TYPED} || '%%', name LIMIT %(limit)s
"""
# Each typed word, normalised, and its correction: the word itself when it is short or part of a
# word of some buyer name (perhaps still being typed), else the nearest such word if one is
# similar enough (buyer_name_words, migration 0005: a short list, so this is cheap).
CORRECTION_SQL = """
SELECT normalised.word, CASE
    WHEN length(normalised.word) < 3
      OR EXISTS (SELECT FROM buyer_name_words WHERE word LIKE '%%' || normalised.pattern || '%%')
    THEN normalised.word
    ELSE coalesce(
      (SELECT word FROM buyer_name_words WHERE word %% normalised.word ORDER BY word <-> normalised.word LIMIT 1),
      normalised.word)
  END
FROM unnest(%(words)s::text[], %(patterns)s::text[]) WITH ORDINALITY AS typed(word, pattern, position),
  LATERAL (SELECT lower(immutable_unaccent(typed.word)) AS word, lower(immutable_unaccent(typed.pattern)) AS pattern)
    AS normalised
ORDER BY typed.position
"""


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "entity" or "group"
    obj: BuyerEntity | BuyerGroup

    @property
    def label(self) -> str:
        return str(self.obj)


def _number_candidates(query: str) -> list[str]:
    """The network and VAT numbers the query may be, normalised as the directory stores them
    (portal.identifiers); a VAT number typed without its prefix may have any of them."""
    if not any(char.isdigit() for char in query):
        return []
    candidates = {network_number_normalise(query), vat_number_compact(query)}
    digits = vat_number_compact(query)
    if digits.isdigit():
        candidates |= {prefix + digits for prefix in VAT_PREFIXES}
    return sorted(candidates)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _exact_numbers(query: str, limit: int) -> list[BuyerEntity]:
    numbers = _number_candidates(query)
    if not numbers:
        return []
    return list(BuyerEntity.objects.filter(Q(network_number__in=numbers) | Q(vat_number__in=numbers))[:limit])


def _groups(query: str, limit: int) -> list[BuyerGroup]:
    """Groups are few: a plain scan of their names is enough."""
    if connection.vendor == "postgresql":
        return list(BuyerGroup.objects.raw(GROUPS_SQL, {"pattern": _like_escape(query), "limit": limit}))
    return list(BuyerGroup.objects.filter(name__icontains=query)[:limit])


def _names_postgres(query: str, limit: int) -> list[BuyerEntity]:
    return list(BuyerEntity.objects.raw(NAMES_SQL, {"pattern": _like_escape(query), "limit": limit}))


def _corrected(query: str) -> str | None:
    """The query with its mistyped words corrected; None when no word needed it."""
    words = query.split()
    with connection.cursor() as cursor:
        cursor.execute(CORRECTION_SQL, {"words": words, "patterns": [_like_escape(word) for word in words]})
        pairs = cursor.fetchall()
    if all(typed == corrected for typed, corrected in pairs):
        return None
    return " ".join(corrected for _, corrected in pairs)


def _search_names_postgres(query: str, limit: int) -> list[BuyerEntity]:
    """Prefix and infix matches in one query; then, while they leave room, the same search with
    its typos corrected (a look-up in the word list, never a similarity sort of the names)."""
    entities = _names_postgres(query, limit)
    if len(entities) < limit and (corrected := _corrected(query)):
        seen = {entity.pk for entity in entities}
        entities += [entity for entity in _names_postgres(corrected, limit) if entity.pk not in seen]
    return entities[:limit]


def _search_names_sqlite(query: str, limit: int) -> list[BuyerEntity]:
    by_name = BuyerEntity.objects.order_by("legal_name")
    entities = list(by_name.filter(legal_name__istartswith=query)[:limit])
    if len(entities) < limit:
        infixes = by_name.filter(legal_name__icontains=query).exclude(pk__in=[entity.pk for entity in entities])
        entities += infixes[: limit - len(entities)]
    return entities


def directory_search(query: str, *, limit: int = 10) -> list[SearchHit]:
    """Buyer entities and groups for the type-ahead, at most `limit`.

    An exact network or VAT number (typed with or without spaces, dots or VAT prefix) finds just
    its entities. Otherwise: groups by name, then entities whose name starts with the query, then
    those that contain it. On PostgreSQL names match regardless of case and accents ("lodz"
    finds "Łódź") and, while there is room, mistyped words are corrected to the nearest word of
    any buyer name. SQLite has neither unaccent nor trigrams: there names match as typed,
    case-insensitively for ASCII letters only.
    """
    query = " ".join(query.replace("\x00", "").split())  # PostgreSQL text cannot hold NUL
    if len(query) < MIN_QUERY_LENGTH:
        return []
    if exact := _exact_numbers(query, limit):  # a whole number names its entities; no name has it
        return [SearchHit("entity", entity) for entity in exact]
    groups = _groups(query, min(MAX_GROUPS, limit))
    search_names = _search_names_postgres if connection.vendor == "postgresql" else _search_names_sqlite
    entities = search_names(query, limit - len(groups)) if len(groups) < limit else []
    return [SearchHit("group", group) for group in groups] + [SearchHit("entity", entity) for entity in entities]


def supplier_identities(account: SupplierAccount) -> list[Q]:
    """How a buyer's records may name this supplier account now: its network number or VAT
    number, both stored normalised as the records are (portal.identifiers). Only the invoice
    challenge reads by these, to verify them; loads match what a relationship verified."""
    identities = [Q(supplier_network_number=account.network_number)]
    if account.vat_number:
        identities.append(Q(supplier_vat_number=account.vat_number))
    return identities


def supplier_records(*, account: SupplierAccount, buyer: BuyerEntity) -> QuerySet[BuyerInvoiceRecord]:
    """The buyer's records of this supplier account's invoices, known by either identity."""
    return BuyerInvoiceRecord.objects.filter(reduce(or_, supplier_identities(account)), buyer=buyer)
