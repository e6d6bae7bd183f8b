"""What a browser waits for: the type-ahead, Home, Where is my invoice? and the CSV export (asked
for, written by a Celery worker on the `exports` queue, downloaded) through gunicorn (DEBUG off)
on the bench database, over HTTP from a signed-in session, against the floor measured in the same
run: the help page, signed in, which reads nothing of the directory or the invoices.

Run with `make bench`. DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench
(1,000,000 buyer entities and BENCH_RECORDS invoice statuses for the demo's GB account, loaded
on the first run); REDIS_URL, when set, gives the server its cache (and so its sessions);
CELERY_BROKER_URL (default redis://127.0.0.1:6379/0) carries the exports to their worker.
"""

import http.client
import os
import random
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
ROUNDS = 3  # each term this many times, in a shuffled order
PAGE_RUNS = 60
EXPORT_RUNS = 2
SEED = 4711
TARGET_P95_MS, TARGET_RATIO, TARGET_MAX_MS = 30, 2.0, 100
RESULTS = ROOT / "bench" / "RESULTS.md"

# The classes of issue 14: what people type, and what makes a search expensive.
FIXED_TERMS = {
    "common word": ["gmbh", "network", "ltd", "s.r.o.", "kft", "sarl", "holdings", "logistik", "energetika", "sp. z o.o."],
    "rare word": ["demonstration", "guernsey", "eood", "technical services", "example buyer"],
    "no match": ["xqz", "xqzw", "zzyzx corp", "qqqq zzzz", "bzzt"],
    "two letters": ["qj", "ab", "ma", "zx", "gy", "xq"],
    "sixty characters": [("maschinenbau " * 5)[:60], "a" * 60, ("network gmbh " * 5)[:60]],
    "ten words": ["one two three four five six seven eight nine ten", "gmbh ltd kft sarl sas plc ag kg bt zrt"],
    "letters never together": ["zqxjkvbwpfmzqxjkvbwp", "qwrtzpsdfghjklyxcvbnm", "jjjjkkkkllll"],
    "almost a number": ["AAA90000012", "90000012", "GB17790726", "AAA9000001234"],
    "group fragment": ["all companies", "services test", "tungsten all"],
    "words out of order": ["kg gmbh", "sas sarl", "ltd plc", "co. kg gmbh"],
}
KEYSTROKES = ["tungsten network gmbh", "brněnská strojírna", "société générale", "AAA014773592"]


def _sampled_terms() -> dict[str, list[str]]:
    """Prefixes, infixes, typos and numbers of entities drawn with a fixed seed."""
    from customers.models import BuyerEntity

    rng = random.Random(SEED)
    numbers = [f"AAA{900_000_000 + n:09d}" for n in sorted(rng.sample(range(1, 1_000_000), 40))]
    terms = {"prefix": [], "infix": [], "typo": [], "number": []}
    for entity in BuyerEntity.objects.filter(network_number__in=numbers).order_by("network_number"):
        name = entity.legal_name
        terms["prefix"].append(name[: rng.randrange(6, 16)].strip().lower())
        start = rng.randrange(1, max(len(name) - 10, 2))
        terms["infix"].append(name[start : start + 10].strip().lower())
        word = max(name.split(), key=len)
        at = rng.randrange(1, len(word) - 1)
        terms["typo"].append((word[:at] + word[at + 1 :]).lower())
        terms["number"].append(entity.vat_number or entity.network_number)
    return terms


def term_mix() -> list[tuple[str, str]]:
    classes = _sampled_terms() | FIXED_TERMS
    mix = [(kind, term) for kind, terms in classes.items() for term in terms]
    mix += [("keystrokes", word[:end]) for word in KEYSTROKES for end in range(2, len(word) + 1)]
    return mix


def statuses_ready(relationship) -> None:
    from invoices.models import InvoiceStatus

    present = InvoiceStatus.objects.filter(account=relationship.account).count()
    if present < RECORDS:
        from django.core.management import call_command

        print(f"Loading {RECORDS - present:,} invoice statuses (once)…", flush=True)
        call_command("load_demo", invoices=RECORDS - present, verbosity=0)


def _deep_cursor(account_id: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT invoice_date, id FROM invoices_invoicestatus WHERE account_id = %s"
            " ORDER BY invoice_date DESC, id DESC OFFSET %s LIMIT 1",
            [account_id, RECORDS // 2],
        )
        day, pk = cursor.fetchone()
    return f"{day}_{pk}"


class Failed(Exception):
    """A request that did not answer 200 in full."""


def _timed(browser, path: str, **headers) -> float:
    try:
        status, _, elapsed = browser.get(path, **headers)
    except (OSError, http.client.HTTPException) as error:
        raise Failed(f"{path}: {error.__class__.__name__}") from error
    if status != 200:
        raise Failed(f"{path} answered {status}")
    return elapsed


def run(port: int, relationship) -> dict[str, list[float]]:
    """Milliseconds per label: type-ahead classes (prefixed "q:"), pages, and the floor."""
    from bench.server import Browser

    browser = Browser(port)
    browser.sign_in("elise", "demo")
    browser.account_use(str(relationship.account.code))
    buyer = relationship.buyer.network_number
    pages = {
        "Home": "/",
        "Where is my invoice?, first page": "/invoices/status/",
        "filtered page (paid, one customer)": f"/invoices/status/?status=paid&buyer={buyer}",
        f"keyset page {RECORDS // 2:,} rows deep": f"/invoices/status/?after={_deep_cursor(relationship.account_id)}",
    }
    exports = {
        "CSV export, one status (rejected)": "status=rejected",
        f"CSV export, all {RECORDS:,}": "",
    }
    times: dict[str, list[float]] = {"floor": []}
    mix = term_mix()
    for path in ["/help/", *pages.values()] + [f"/customers/search/?{urlencode({'q': t})}" for _, t in mix]:
        _timed(browser, path, **{"HX-Request": "true"})  # warm every worker's caches once
    rng = random.Random(SEED)
    for _ in range(ROUNDS):
        order = mix[:]
        rng.shuffle(order)
        for index, (kind, term) in enumerate(order):
            path = f"/customers/search/?{urlencode({'q': term})}"
            times.setdefault(f"q:{kind}", []).append(_timed(browser, path, **{"HX-Request": "true"}))
            if index % 3 == 0:  # the floor, interleaved: the same moments of a shared machine
                times["floor"].append(_timed(browser, "/help/"))
    for _ in range(PAGE_RUNS):
        times["floor"].append(_timed(browser, "/help/"))
        for label, path in pages.items():
            times.setdefault(label, []).append(_timed(browser, path))
    for label, query in exports.items():
        # Asked for, written by the exports worker, downloaded: the requests, and the wait for the file.
        for _ in range(EXPORT_RUNS):
            recorded: list[tuple[str, int, float]] = []
            ready = browser.export(query, timed=lambda *request, into=recorded: into.append(request), poll_s=0.1)
            if ready is None:
                times.setdefault(f"{label}: FAILED ({recorded[-1][0]} answered {recorded[-1][1]})", [])
                continue
            for step, _status, ms in recorded:
                if step != "export: progress":
                    times.setdefault(f"{label}, {step.removeprefix('export: ')}", []).append(ms)
            times.setdefault(f"{label}, file ready after (not a request)", []).append(ready * 1000)
    return times


def report(times: dict[str, list[float]], note: str) -> str:
    from bench.machine import git_head, machine, p95

    floor = p95(times["floor"])
    typeahead = [value for label, values in times.items() if label.startswith("q:") for value in values]
    lines = [
        f"## Through the server, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; gunicorn, {WORKERS} workers, DEBUG off, one signed-in keep-alive client"
        f" on loopback; 1,000,000 buyer entities, {RECORDS:,} invoice statuses of the account in use"
        f" (git {git_head()}). {note}",
        f"Targets: type-ahead p95 < {TARGET_P95_MS} ms and ≤ {TARGET_RATIO:g}× the floor's p95, no term over"
        f" {TARGET_MAX_MS} ms. The floor is the help page, signed in (session, user, organisation, account,"
        " template; nothing of the directory or the invoices), measured between the other requests.",
        "",
        "| requests | n | p50 ms | p95 ms | max ms | p95 × floor |",
        "| --- | --- | --- | --- | --- | --- |",
    ]

    def row(label, values):
        if not values:
            return f"| {label} | 0 | | | | |"
        return (f"| {label} | {len(values)} | {statistics.median(values):.1f} | {p95(values):.1f} |"
                f" {max(values):.1f} | {p95(values) / floor:.2f} |")

    lines.append(row("**floor: help page**", times["floor"]))
    for label, values in times.items():
        if label.startswith("q:"):
            lines.append(row(f"type-ahead: {label[2:]}", values))
    lines.append(row("**type-ahead, all**", typeahead))
    for label, values in times.items():
        if label != "floor" and not label.startswith("q:"):
            lines.append(row(label, values))
    high, worst = p95(typeahead), max(typeahead)
    met = high < TARGET_P95_MS and high <= TARGET_RATIO * floor and worst <= TARGET_MAX_MS
    lines += [
        "",
        f"Type-ahead p95 {high:.1f} ms = {high / floor:.2f}× the floor, slowest {worst:.1f} ms: target"
        f" {'met' if met else 'MISSED'}.",
        "",
    ]
    return "\n".join(lines)


def main():
    import django

    django.setup()
    from bench.search import _database_ready
    from bench.server import exports_worker, gunicorn
    from connections.models import Relationship
    from portal.demo import GB_ACCOUNT

    _database_ready()
    relationship = Relationship.objects.select_related("account", "buyer").get(
        account__legal_name=GB_ACCOUNT, buyer__legal_name="Tungsten Network Limited"
    )
    statuses_ready(relationship)
    from django.db import connection

    connection.close()  # the server's workers, not this process, hold the connections now
    with gunicorn(workers=WORKERS) as port, exports_worker():
        times = run(port, relationship)
    text = report(times, os.environ.get("BENCH_NOTE", ""))
    print(text)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(text + "\n")


if __name__ == "__main__":
    main()
