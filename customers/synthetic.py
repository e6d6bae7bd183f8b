"""Synthetic buyer entities for search benchmarks: realistic legal names in six languages' styles.

The same count always yields the same entities (a fixed seed, numbered network numbers), so
loading again adds only what is missing.
"""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from customers.models import BuyerEntity, BuyerInvoiceRecord, search_key
from customers.services import name_words_refresh
from portal.lib.db import statistics_refresh

SEED = 20180418
FIRST_SYNTHETIC_NUMBER = 900_000_000  # AAA900000000 onwards: clear of real and demo numbers
CHUNK = 10_000

# (country codes, VAT prefix, name parts, legal forms) per language style.
STYLES = [
    (
        ["CZ"],
        "CZ",
        ["Nová", "Česká", "Moravská", "Pražská", "Šumavská", "Žatecká", "Jihočeská", "Brněnská"],
        ["strojírna", "stavební společnost", "obchodní družstvo", "pekárna", "tiskárna", "dřevozpracující závod", "energetika", "logistika"],
        ["s.r.o.", "a.s.", "v.o.s."],
    ),
    (
        ["DE", "AT"],
        "DE",
        ["Müller", "Schröder", "Weißbach", "Bäcker", "Köhler", "Nordsee", "Alpen", "Rhein"],
        ["Maschinenbau", "Logistik", "Handelsgesellschaft", "Elektrotechnik", "Baustoffe", "Lebensmittel", "Verpackung", "Network"],
        ["GmbH", "AG", "GmbH & Co. KG", "KG"],
    ),
    (
        ["PL"],
        "PL",
        ["Łódzka", "Gdańska", "Śląska", "Kraków", "Poznańska", "Mazowiecka", "Żywiec", "Wrocławska"],
        ["Fabryka Mebli", "Hurtownia", "Przedsiębiorstwo Budowlane", "Zakłady Mięsne", "Drukarnia", "Spedycja", "Energetyka", "Technologie"],
        ["Sp. z o.o.", "S.A.", "Sp. j."],
    ),
    (
        ["FR", "BE"],
        "FR",
        ["Société Générale", "Compagnie", "Établissements", "Atelier", "Groupe", "Laiterie", "Boulangerie", "Transports"],
        ["de Lyon", "du Rhône", "Bérard", "de l'Ouest", "Lefèvre", "Méditerranée", "Côte d'Azur", "Ingénierie"],
        ["SARL", "SA", "SAS", "EURL"],
    ),
    (
        ["HU"],
        "HU",
        ["Győri", "Pécsi", "Debreceni", "Szegedi", "Budapesti", "Észak-Alföldi", "Tiszai", "Dunántúli"],
        ["Építőipari", "Kereskedelmi", "Gépgyártó", "Élelmiszer", "Szállítmányozási", "Nyomdaipari", "Energetikai", "Informatikai"],
        ["Kft.", "Zrt.", "Bt.", "Nyrt."],
    ),
    (
        ["GB", "IE"],
        "GB",
        ["Northern", "Thames", "Highland", "Yorkshire", "Atlantic", "Tungsten", "Crown", "Westfield"],
        ["Office Supplies", "Engineering", "Logistics", "Network", "Holdings", "Foods", "Print", "Energy"],
        ["Ltd", "PLC", "Limited", "LLP"],
    ),
]


def synthetic_buyers(count: int) -> Iterator[tuple]:
    """(network number, legal name, country, VAT number) for the first `count` synthetic buyers."""
    rng = random.Random(SEED)
    for index in range(count):
        countries, vat_prefix, firsts, seconds, forms = STYLES[index % len(STYLES)]
        name = f"{rng.choice(firsts)} {rng.choice(seconds)} {rng.randrange(1, 1000)} {rng.choice(forms)}"
        vat = f"{vat_prefix}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.7 else ""
        number = f"AAA{FIRST_SYNTHETIC_NUMBER + index}"
        yield number, name, rng.choice(countries), vat


COLUMNS = ["network_number", "legal_name", "country", "vat_number"]


def _copy_into_postgres(rows: Iterator[tuple]) -> int:
    """COPY into a staging table, then insert what is missing: the fast path for millions.
    Returns the number of entities added."""
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE synthetic_buyer (network_number varchar(12), legal_name varchar(200),"
            " country varchar(2), vat_number varchar(20), search_name text)"
        )
        with cursor.copy(f"COPY synthetic_buyer ({', '.join(COLUMNS)}, search_name) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, search_key(row[1])))  # COPY bypasses the field's pre_save
        cursor.execute(
            f"INSERT INTO {BuyerEntity._meta.db_table} ({', '.join(COLUMNS)}, search_name, ap_contact_name,"
            " ap_contact_email, ap_contact_language, accepts_invoices, accepts_credit_notes,"
            " is_test_buyer, created_at, updated_at, street, city, post_code)"
            " SELECT *, '', '', '', true, true, false, %s, %s, '', '', '' FROM synthetic_buyer"
            " ON CONFLICT (network_number) DO NOTHING",
            [now, now],
        )
        added = cursor.rowcount
        cursor.execute("DROP TABLE synthetic_buyer")
    return added


def _bulk_create(rows: Iterator[tuple]) -> None:
    while chunk := list(islice(rows, CHUNK)):
        BuyerEntity.objects.bulk_create(
            [BuyerEntity(**dict(zip(COLUMNS, row, strict=True))) for row in chunk], ignore_conflicts=True
        )


def synthetic_buyers_load(count: int) -> None:
    rows = synthetic_buyers(count)
    if connection.vendor == "postgresql":
        # Fresh statistics keep the directory search's estimates true to the new rows.
        statistics_refresh(BuyerEntity, rows_written=_copy_into_postgres(rows))
        name_words_refresh()
    else:
        _bulk_create(rows)


# Weights of the statuses in synthetic accounts-payable data: mostly settled, some stuck.
STATUS_WEIGHTS = {"paid": 40, "approved": 30, "received": 15, "on_hold": 6, "exception": 5, "rejected": 4}
REASONS = {
    "on_hold": ["Awaiting goods receipt", "PO not yet approved", "Price check"],
    "exception": ["PO number missing", "Quantity differs from the PO", "Unknown delivery address"],
    "rejected": ["Duplicate invoice", "Not our order", "VAT number missing"],
}


def synthetic_invoice_records(buyer_id: int, supplier_vat: str, count: int, *, today: date, prefix: str) -> Iterator[tuple]:
    """`count` accounts-payable records of one supplier at one buyer: invoices of the last year,
    approved ones due over the coming weeks, paid ones over the past weeks. The same arguments
    always give the same records."""
    rng = random.Random(f"{SEED}-{buyer_id}-{prefix}")
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    updated_at = datetime.combine(today, time(6), tzinfo=dt_timezone.utc)
    for index in range(count):
        status = rng.choices(statuses, weights)[0]
        invoice_date = today - timedelta(days=rng.randrange(5, 365) if status == "paid" else rng.randrange(1, 60))
        due_date = today + timedelta(days=rng.randrange(0, 56)) if status == "approved" else None
        payment_date = today - timedelta(days=rng.randrange(1, 56)) if status == "paid" else None
        yield (
            buyer_id,
            supplier_vat,
            f"{prefix}{index:07d}",
            invoice_date,
            Decimal(rng.randrange(1_000, 2_500_000)) / 100,
            "EUR" if rng.random() < 0.7 else "GBP",
            f"PO{rng.randrange(10**5, 10**6)}" if rng.random() < 0.6 else "",
            status,
            due_date,
            rng.choice(REASONS[status]) if status in REASONS else "",
            payment_date,
            f"PAY{rng.randrange(10**7, 10**8)}" if payment_date else "",
            updated_at,
        )


RECORD_COLUMNS = [
    "buyer_id", "supplier_vat_number", "invoice_number", "invoice_date", "amount", "currency", "po_number",
    "status", "due_date", "reason", "payment_date", "payment_reference", "updated_at",
]


def invoice_records_load(rows: Iterator[tuple]) -> None:
    """Adds the records that are missing (by natural key): COPY on PostgreSQL, batches elsewhere.
    Each added record's received_at is the time of the load (the column's default), so the next
    refresh reads it whatever its updated_at."""
    if connection.vendor != "postgresql":
        while chunk := list(islice(rows, CHUNK)):
            BuyerInvoiceRecord.objects.bulk_create(
                [BuyerInvoiceRecord(**dict(zip(RECORD_COLUMNS, row, strict=True))) for row in chunk], ignore_conflicts=True
            )
        return
    table = BuyerInvoiceRecord._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE synthetic_record AS SELECT {', '.join(RECORD_COLUMNS)} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY synthetic_record ({', '.join(RECORD_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(RECORD_COLUMNS)}, supplier_network_number, vendor_code)"
            f" SELECT {', '.join(RECORD_COLUMNS)}, '', '' FROM synthetic_record"
            " ON CONFLICT DO NOTHING"
        )
        added = cursor.rowcount
        cursor.execute("DROP TABLE synthetic_record")
    statistics_refresh(BuyerInvoiceRecord, rows_written=added)
