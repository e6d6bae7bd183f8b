"""Reads of the buyer directory, which every tenant shares (so no organisation argument)."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Func, Q

from customers.models import BuyerEntity, BuyerGroup
from suppliers.vat import PREFIXED

MIN_QUERY_LENGTH = 2
MAX_GROUPS = 3
VAT_PREFIXES = sorted(set(PREFIXED.values()) | {"CHE", "NO"})

# The normalised name, exactly as the indexes of migration 0003 are built on it.
NAME = "lower(immutable_unaccent(legal_name))"
PREFIX_SQL = (
    f"SELECT id FROM customers_buyerentity WHERE {NAME} LIKE %s"
    f" ORDER BY {NAME} USING ~<~ LIMIT %s"
)
INFIX_SQL = f"SELECT id FROM customers_buyerentity WHERE {NAME} LIKE %s AND NOT {NAME} LIKE %s LIMIT %s"
# The nearest word of any buyer name to a mistyped one (buyer_name_words, migration 0005).
NEAREST_WORD_SQL = "SELECT word FROM buyer_name_words WHERE word %% %s ORDER BY word <-> %s LIMIT 1"


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "entity" or "group"
    obj: BuyerEntity | BuyerGroup

    @property
    def label(self) -> str:
        return str(self.obj)


def _number_candidates(query: str) -> list[str]:
    """The network and VAT numbers the query may be, written the way the directory stores them:
    no spaces or dots, upper case, VAT numbers with their country prefix."""
    compact = re.sub(r"[\s.\-/]", "", query)
    if not any(char.isdigit() for char in compact):
        return []
    upper = compact.upper()
    candidates = {compact, upper}
    if upper.isdigit():
        candidates |= {prefix + upper for prefix in VAT_PREFIXES}
    return sorted(candidates)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _normalised(query: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower(immutable_unaccent(%s))", [query])
        return cursor.fetchone()[0]


def _prefix_then_infix_ids(normalised: str, limit: int) -> list[int]:
    pattern = _like_escape(normalised)
    ids = _ids(PREFIX_SQL, [pattern + "%", limit])
    if len(ids) < limit:
        ids += _ids(INFIX_SQL, ["%" + pattern + "%", pattern + "%", limit - len(ids)])
    return ids


def _words_corrected(normalised: str) -> str:
    """Each word of three letters or more replaced by the nearest word of any buyer name."""
    words = []
    for word in normalised.split():
        nearest = _ids(NEAREST_WORD_SQL, [word, word]) if len(word) >= 3 else []
        words.append(nearest[0] if nearest else word)
    return " ".join(words)


def _name_ids_postgres(query: str, limit: int) -> list[int]:
    """Prefix matches (alphabetical), then infix matches, and only when the name is nowhere
    the same search with its typos corrected: a common word never sorts all of its matches."""
    normalised = _normalised(query)
    ids = _prefix_then_infix_ids(normalised, limit)
    if not ids:
        corrected = _words_corrected(normalised)
        if corrected != normalised:
            ids = _prefix_then_infix_ids(corrected, limit)
    return ids


def _name_ids_sqlite(query: str, limit: int) -> list[int]:
    """SQLite has no unaccent or trigrams: case-insensitive prefix, then infix matches."""
    names = BuyerEntity.objects.order_by("legal_name").values_list("pk", flat=True)
    ids = list(names.filter(legal_name__istartswith=query)[:limit])
    if len(ids) < limit:
        ids += list(names.filter(legal_name__icontains=query).exclude(pk__in=ids)[: limit - len(ids)])
    return ids


class Normalised(Func):
    template = "lower(immutable_unaccent(%(expressions)s))"
    output_field = CharField()


def _groups(query: str, limit: int) -> list[BuyerGroup]:
    """Groups are few: a plain scan of their names is enough."""
    if connection.vendor == "postgresql":
        groups = BuyerGroup.objects.annotate(normalised=Normalised("name"))
        return list(groups.filter(normalised__contains=_normalised(query))[:limit])
    return list(BuyerGroup.objects.filter(name__icontains=query)[:limit])


def _exact_numbers(query: str, limit: int) -> list[BuyerEntity]:
    numbers = _number_candidates(query)
    if not numbers:
        return []
    return list(BuyerEntity.objects.filter(Q(network_number__in=numbers) | Q(vat_number__in=numbers))[:limit])


def directory_search(query: str, *, limit: int = 10) -> list[SearchHit]:
    """Buyer entities and groups for the type-ahead: the entities of an exact network or VAT
    number; otherwise groups, then entities by name (on PostgreSQL accent-insensitive, with typos
    forgiven)."""
    query = " ".join(query.split())
    if len(query) < MIN_QUERY_LENGTH:
        return []
    exact = _exact_numbers(query, limit)
    if exact:  # a whole network or VAT number names its entities; its digits are in no name
        return [SearchHit("entity", entity) for entity in exact]
    groups = _groups(query, min(MAX_GROUPS, limit))
    search = _name_ids_postgres if connection.vendor == "postgresql" else _name_ids_sqlite
    name_ids = search(query, limit - len(groups))
    by_id = BuyerEntity.objects.in_bulk(name_ids)
    return [SearchHit("group", group) for group in groups] + [SearchHit("entity", by_id[pk]) for pk in name_ids]
