"""Directory search on 1,000,000 buyer entities (PostgreSQL): the type-ahead endpoint against the
same searches as bare SQL (the floor) and as a naive `icontains` query.

Run with `make bench`. DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench;
the database is created, migrated and loaded on the first run (a few minutes), reused after.
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

ENTITIES = int(os.environ.get("BENCH_ENTITIES", "1000000"))
SEED = 4711
TARGET_P95_MS = 30
TARGET_RATIO = 2.0
RESULTS = ROOT / "bench" / "RESULTS.md"


def _database_ready():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from customers.models import BuyerEntity

    if BuyerEntity.objects.count() < ENTITIES:
        print(f"Loading {ENTITIES:,} entities (once)…", flush=True)
        started = time.perf_counter()
        call_command("load_demo", entities=ENTITIES, verbosity=0)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE customers_buyerentity")


def _spaced(number: str, rng: random.Random) -> str:
    """A number as people type it: with spaces, dots, or lower case."""
    style = rng.randrange(3)
    if style == 0:
        return " ".join(number[i : i + 3] for i in range(0, len(number), 3))
    if style == 1:
        return ".".join(number[i : i + 3] for i in range(0, len(number), 3))
    return number.lower()


def query_mix() -> list[tuple[str, str]]:
    """A fixed mix of ≥ 200 (kind, query) pairs built from the data with a fixed seed."""
    from customers.models import BuyerEntity

    rng = random.Random(SEED)
    sample_ids = sorted(rng.sample(range(1, ENTITIES), 60))
    numbers = [f"AAA{900_000_000 + n:09d}" for n in sample_ids]
    sample = list(BuyerEntity.objects.filter(network_number__in=numbers).order_by("network_number"))
    common = ["gmbh", "network", "ltd", "s.r.o.", "kft", "sarl", "sp. z o.o.", "holdings", "logistik", "energetika"]
    accented = ["société générale", "łódzka", "győri", "müller", "établissements", "přerov", "žatecká", "côte d'azur"]
    unaccented = ["societe generale", "lodzka", "gyori", "muller", "etablissements", "zatecka", "cote d'azur", "szegedi"]
    mix = [("common", q) for q in common * 3]
    mix += [("accented", q) for q in accented * 3] + [("unaccented", q) for q in unaccented * 3]
    for entity in sample:
        name = entity.legal_name
        start = rng.randrange(1, max(len(name) - 12, 2))
        mix.append(("rare infix", name[start : start + 12].strip().lower()))
        word = max(name.split(), key=len)
        typo_at = rng.randrange(1, len(word) - 1)
        mix.append(("typo", (word[:typo_at] + word[typo_at + 1 :]).lower()))
        mix.append(("network number", _spaced(entity.network_number, rng)))
        if entity.vat_number:
            mix.append(("VAT number", _spaced(entity.vat_number, rng)))
    mix += [("no match", q) for q in ["xqzw", "qqqq zzzz", "zzyzx corp"]]
    return mix


FLOOR_NAME_SQL = (
    "SELECT id, network_number, legal_name, vat_number FROM customers_buyerentity"
    " WHERE search_name LIKE '%%' || %s || '%%' LIMIT 10"
)
FLOOR_NUMBER_SQL = (
    "SELECT id, network_number, legal_name, vat_number FROM customers_buyerentity"
    " WHERE network_number = ANY(%s) OR vat_number = ANY(%s) LIMIT 10"
)


def _floor(kind: str, query: str):
    """The least the database must do for the same search: one indexed, unranked query."""
    from django.db import connection

    from customers.models import search_key
    from customers.selectors import _number_candidates

    with connection.cursor() as cursor:
        if kind in ("network number", "VAT number"):
            numbers = _number_candidates(query)
            cursor.execute(FLOOR_NUMBER_SQL, [numbers, numbers])
        else:
            cursor.execute(FLOOR_NAME_SQL, [search_key(query)])
        return cursor.fetchall()


def _selector(kind: str, query: str):
    from customers.selectors import directory_search

    return directory_search(query)


def _naive(kind: str, query: str):
    from customers.models import BuyerEntity

    return list(BuyerEntity.objects.filter(legal_name__icontains=query)[:10])


def _timed(function, mix) -> list[float]:
    times = []
    for kind, query in mix:
        started = time.perf_counter()
        function(kind, query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    import django

    django.setup()
    _database_ready()
    from bench.machine import git_head, machine, p95
    from django.test import Client
    from django.urls import reverse

    from portal.demo import demo_load
    from suppliers.models import User

    demo_load()
    client = Client()
    client.force_login(User.objects.get(username="elise"))
    url = reverse("customers:search")

    def endpoint(kind, query):
        response = client.get(url, {"q": query}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    def page_without_search(kind, query):
        """The same request, middleware and template with a query too short to search."""
        client.get(url, {"q": "x"}, HTTP_HX_REQUEST="true")

    mix = query_mix()
    contenders = [
        ("endpoint", endpoint),
        ("page", page_without_search),
        ("selector", _selector),
        ("floor", _floor),
        ("naive", _naive),
    ]
    for _, run in contenders:  # warm caches: every contender sees the same pages
        _timed(run, mix)
    results = {name: _timed(run, mix) for name, run in contenders}
    # The endpoint's floor: the page's own cost plus the bare SQL of the same search.
    page_median = statistics.median(results["page"])
    results["endpoint floor"] = [page_median + floor for floor in results["floor"]]

    kinds = sorted({kind for kind, _ in mix})
    lines = [
        f"## Directory search, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. {ENTITIES:,} entities, {len(mix)} queries "
        f"(git {git_head()}).",
        f"Target: endpoint p95 < {TARGET_P95_MS} ms and ≤ {TARGET_RATIO:g}× its floor's p95. The endpoint's floor"
        " is the same page without a search (request, session, template) plus the bare SQL; the"
        " selector (directory_search alone) is compared with the bare SQL directly.",
        "",
        "| queries | n | endpoint | endpoint floor | selector | bare SQL (floor) | naive icontains |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind in kinds + ["all"]:
        rows = [i for i, (k, _) in enumerate(mix) if kind in ("all", k)]
        cells = []
        for name in ("endpoint", "endpoint floor", "selector", "floor", "naive"):
            values = [results[name][i] for i in rows]
            p50, high = statistics.median(values), p95(values)
            cells.append(f"{p50:.1f} / {high:.1f}")
        label = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {label} | {len(rows)} | " + " | ".join(cells) + " |")
    endpoint_p95 = p95(results["endpoint"])
    floor_p95 = p95(results["endpoint floor"])
    selector_ratio = p95(results["selector"]) / p95(results["floor"])
    verdict = "met" if endpoint_p95 < TARGET_P95_MS and endpoint_p95 <= TARGET_RATIO * floor_p95 else "MISSED"
    lines += [
        "",
        "Cells are p50 / p95 in ms.",
        f"Endpoint p95 {endpoint_p95:.1f} ms = {endpoint_p95 / floor_p95:.2f}× its floor's p95: target {verdict}."
        f" Selector p95 = {selector_ratio:.1f}× the bare SQL's p95.",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    with RESULTS.open("a", encoding="utf-8") as results_file:
        results_file.write(report + "\n")


if __name__ == "__main__":
    main()
