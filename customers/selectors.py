"""Reads of the buyer directory, which every tenant shares (so no organisation argument)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import attrgetter, or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Q, QuerySet, When

from customers.models import BuyerEntity, BuyerGroup, BuyerInvoiceRecord, search_key
from portal.lib.identifiers import PREFIXED, network_number_normalise, vat_number_compact
from suppliers.models import SupplierAccount

MIN_QUERY_LENGTH = 2
MAX_GROUPS = 3
VAT_PREFIXES = sorted(set(PREFIXED.values()) | {"CHE", "NO"})

# Entities whose search key (customers.models.search_key, indexed by migration 0008) starts with
# the query, in order (btree), then those that contain it (trigram index); the infix branch runs
# only while the prefixes leave room. Its candidates are a MATERIALIZED CTE because PostgreSQL
# plans a CTE for all of its rows, not for the LIMIT outside it: planned with that LIMIT, the
# planner bet that a sequential scan would meet ten matches early, and a term that matched nothing
# scanned the whole table (1.5 s at 1M names). Now it scans only when the statistics say that
# many names match, and then the outer LIMIT stops the scan after a few pages.
PREFIXES_SQL = (
    "SELECT * FROM customers_buyerentity WHERE search_name LIKE %(prefix)s"
    " ORDER BY search_name USING ~<~ LIMIT %(limit)s"
)
NAMES_SQL = """
WITH infixes AS MATERIALIZED (
  SELECT * FROM customers_buyerentity WHERE {infix} AND search_name NOT LIKE %(prefix)s
)
({prefixes})
UNION ALL
(SELECT * FROM infixes LIMIT %(limit)s)
LIMIT %(limit)s
"""
INFIX = "search_name LIKE %(infix)s"
# pg_trgm takes the trigrams of each word apart, so those of "kg gmbh" say nothing of the words'
# order: 41,000 "… GmbH & Co. KG" names had them all and were read one by one (150 ms) to find
# none. The key without its spaces has trigrams across the words ("kgg", "ggm"), which few names
# share (migration 0008 indexes it); the phrase itself is then checked on those candidates only
# (strpos, which no index serves: a second bitmap of a common phrase cost more than it saved).
PHRASE = "replace(search_name, ' ', '') LIKE %(joined)s AND strpos(search_name, %(phrase)s) > 0"
# Each typed word and its correction: the word itself when it is short, holds a digit (a number
# is not a misspelt word) or is part of a word of some buyer name (perhaps still being typed),
# else the nearest such word if one is similar enough (buyer_name_words, migrations 0005 and
# 0007: a short list, so this is cheap).
CORRECTION_SQL = """
SELECT typed.word, CASE
    WHEN length(typed.word) < 3 OR typed.word ~ '[0-9]'
      OR EXISTS (SELECT FROM buyer_name_words WHERE word LIKE '%%' || typed.pattern || '%%')
    THEN typed.word
    ELSE coalesce(
      (SELECT word FROM buyer_name_words WHERE word %% typed.word ORDER BY word <-> typed.word LIMIT 1),
      typed.word)
  END
FROM unnest(%(words)s::text[], %(patterns)s::text[]) WITH ORDINALITY AS typed(word, pattern, position)
ORDER BY typed.position
"""
# A trigram index finds "%abc%" by its trigrams; "%ab%" has none, and only a scan of the whole
# index or table answers it. So a short word matches the start of a word instead (" ab": the
# trigrams "  a", " ab"), and other queries without three letters or digits in a row ("a b",
# "sp. z o.o.", whose one-letter trigrams half the names share) match the start of the name only.
TRIGRAM = re.compile(r"[^\W_]{3}")
SHORT_WORD = re.compile(r"[^\W_]+")


# A short word ("gmbh", "ltd", a keystroke) may be in 80,000 of 1M names: the trigram index then
# builds a bitmap of them all (13-25 ms) for the ten the list shows, in no particular order. With
# gin_fuzzy_search_limit the index hands out a random sample of about this many per trigram
# instead (1.7 ms for "gmbh"). The sample is drawn for each trigram apart, so a key of several
# trigrams keeps only the product of their shares (at 1,000: 37 of "gmbh"'s 83,341 matches, 1 of
# "network"'s 41,637, none of "maschinenbau"'s 20,683): only keys of at most two trigrams are
# sampled (one word of at most four characters: "gmbh" is "gmb" and "mbh"; a word start " ab" is
# "  a" and " ab"), and a sample that fills fewer than the rows asked for is asked again without.
FUZZY_LIMIT = 5000
FUZZY_MAX_LETTERS = 4
FUZZY_SQL = "SELECT set_config('gin_fuzzy_search_limit', %s, true)"  # for this transaction only


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "entity" or "group"
    obj: BuyerEntity | BuyerGroup

    @property
    def label(self) -> str:
        return str(self.obj)


def _number_candidates(query: str) -> list[str]:
    """The network and VAT numbers the query may be, normalised as the directory stores them
    (portal.lib.identifiers); a VAT number typed without its prefix may have any of them."""
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


def _groups(key: str, limit: int) -> list[BuyerGroup]:
    """Groups are few: a plain scan of their names is enough."""
    prefix_first = Case(When(search_name__startswith=key, then=0), default=1)
    return list(BuyerGroup.objects.filter(search_name__contains=key).order_by(prefix_first, "name")[:limit])


def _infix(key: str) -> str | None:
    """What a name must contain to match `key` beyond its prefix: `key` anywhere; for a short
    word, the start of a later word; for other keys with no three letters or digits in a row,
    nothing (they match prefixes only)."""
    if TRIGRAM.search(key):
        return key
    return " " + key if SHORT_WORD.fullmatch(key) else None


def _names_postgres(key: str, limit: int) -> list[BuyerEntity]:
    prefix = _like_escape(key) + "%"
    if (infix := _infix(key)) is None:
        return list(BuyerEntity.objects.raw(PREFIXES_SQL, {"prefix": prefix, "limit": limit}))
    params = {"prefix": prefix, "limit": limit}
    joined = infix.replace(" ", "")
    if " " in infix.strip() and TRIGRAM.search(joined):
        condition, params["joined"], params["phrase"] = PHRASE, "%" + _like_escape(joined) + "%", infix
    else:
        condition, params["infix"] = INFIX, "%" + _like_escape(infix) + "%"
    sql = NAMES_SQL.format(infix=condition, prefixes=PREFIXES_SQL)
    if condition == INFIX and len(infix.strip()) <= FUZZY_MAX_LETTERS and " " not in infix.strip():
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(FUZZY_SQL, [str(FUZZY_LIMIT)])
            sampled = list(BuyerEntity.objects.raw(sql, params))
        if len(sampled) == limit:  # else the sample may have missed names: ask again, exactly
            return sampled
    return list(BuyerEntity.objects.raw(sql, params))


def _corrected(key: str) -> str | None:
    """The key with its mistyped words corrected; None when no word needed it."""
    words = key.split()
    with connection.cursor() as cursor:
        cursor.execute(CORRECTION_SQL, {"words": words, "patterns": [_like_escape(word) for word in words]})
        pairs = cursor.fetchall()
    if all(typed == corrected for typed, corrected in pairs):
        return None
    return " ".join(corrected for _, corrected in pairs)


def _search_names_postgres(key: str, limit: int) -> list[BuyerEntity]:
    """Prefix and infix matches in one query; then, while they fill less than half the list, the
    same search with its typos corrected (a look-up in the word list, never a similarity sort of the names)."""
    entities = _names_postgres(key, limit)
    # Corrections only while what matches as typed fills less than half the list: a second search
    # (a common word's bitmap, 20 ms) to add names below five good ones is not worth its wait.
    if len(entities) < max(1, limit // 2) and (corrected := _corrected(key)):
        seen = {entity.pk for entity in entities}
        entities += [entity for entity in _names_postgres(corrected, limit) if entity.pk not in seen]
    return entities[:limit]


def _search_names_sqlite(key: str, limit: int) -> list[BuyerEntity]:
    by_key = BuyerEntity.objects.order_by("search_name")
    entities = list(by_key.filter(search_name__startswith=key)[:limit])
    if len(entities) < limit and (infix := _infix(key)) is not None:
        infixes = by_key.filter(search_name__contains=infix).exclude(search_name__startswith=key)
        entities += infixes[: limit - len(entities)]
    return entities


def directory_search(query: str, *, limit: int = 10) -> list[SearchHit]:
    """Buyer entities and groups for the type-ahead, at most `limit`.

    An exact network or VAT number (typed with or without spaces, dots or VAT prefix) finds just
    its entities. Otherwise: groups by name, then entities whose name starts with the query, then
    those that contain it (for a short word, those with a later word that starts with it; other
    queries without three letters or digits in a row match name prefixes only).
    Names match regardless of case and accents on every database ("lodz" finds "Łódź"); on
    PostgreSQL, while fewer than half the list matched as typed, mistyped words are also corrected
    to the nearest word of any buyer name, whose matches follow. Each query's cost is bounded whatever is typed (bench/RESULTS.md).
    """
    query = " ".join(query.replace("\x00", "").split())  # PostgreSQL text cannot hold NUL
    if len(query) < MIN_QUERY_LENGTH:
        return []
    if exact := _exact_numbers(query, limit):  # a whole number names its entities; no name has it
        return [SearchHit("entity", entity) for entity in exact]
    key = search_key(query)
    if len(key) < MIN_QUERY_LENGTH:
        return []
    groups = _groups(key, min(MAX_GROUPS, limit))
    search_names = _search_names_postgres if connection.vendor == "postgresql" else _search_names_sqlite
    entities = search_names(key, limit - len(groups)) if len(groups) < limit else []
    return [SearchHit("group", group) for group in groups] + [SearchHit("entity", entity) for entity in entities]


def supplier_identities(account: SupplierAccount) -> list[Q]:
    """How a buyer's records may name this supplier account now: its network number or VAT
    number, both stored normalised as the records are (portal.lib.identifiers). Only the invoice
    challenge reads by these, to verify them; loads match what a relationship verified."""
    identities = [Q(supplier_network_number=account.network_number)]
    if account.vat_number:
        identities.append(Q(supplier_vat_number=account.vat_number))
    return identities


def supplier_records(*, account: SupplierAccount, buyer: BuyerEntity) -> QuerySet[BuyerInvoiceRecord]:
    """The buyer's records of this supplier account's invoices, known by either identity."""
    return BuyerInvoiceRecord.objects.filter(reduce(or_, supplier_identities(account)), buyer=buyer)


# A challenge needs one invoice to enter and another to ask about; it asks about one of the
# newest ASKABLE.
MIN_INVOICES = 2
ASKABLE = 100


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RecentInvoices:
    """The account's newest invoices at a buyer (at most ASKABLE, newest first) within the window
    that starts at `since`."""

    records: list[BuyerInvoiceRecord]
    since: date | None

    @property
    def distinct_numbers(self) -> int:
        return len({record.invoice_number.casefold() for record in self.records})


def recent_invoices(*, account: SupplierAccount, buyer: BuyerEntity) -> RecentInvoices:
    """The invoices a challenge may ask about. "Recent" counts CHALLENGE_RECENT_MONTHS back from
    the newest of them, because a buyer's data reaches the network as of its last export, not as
    of today. One index range scan per identity the buyer may know the account by, so a supplier
    with a million invoices at the buyer costs no more than one with twelve."""
    newest_first = {
        record.pk: record
        for identity in supplier_identities(account)
        for record in BuyerInvoiceRecord.objects.filter(identity, buyer=buyer).order_by("-invoice_date")[:ASKABLE]
    }
    records = sorted(newest_first.values(), key=attrgetter("invoice_date"), reverse=True)[:ASKABLE]
    if not records:
        return RecentInvoices([], None)
    since = months_before(records[0].invoice_date, settings.CHALLENGE_RECENT_MONTHS)
    return RecentInvoices([record for record in records if record.invoice_date >= since], since)


def challenge_possible(*, account: SupplierAccount, buyer: BuyerEntity) -> bool:
    """Whether the network knows enough of this account's invoices to this buyer to challenge it."""
    return recent_invoices(account=account, buyer=buyer).distinct_numbers >= MIN_INVOICES
