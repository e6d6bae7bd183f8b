"""The Invoicing list with BENCH_DOCUMENTS (default 1,000,000) invoices and credit notes of one
account, through gunicorn (DEBUG off) from a signed-in keep-alive session, like browser.py: the
first page, each filter, a number search and a keyset page half-way down, p50 / p95 / max against
the floor measured in the same run (the signed-in help page, which reads nothing of the invoices).

Run with `python bench/invoicing_list.py`. DATABASE_URL defaults to
postgres://postgres@127.0.0.1:5432/portal_bench (migrated, the demo loaded, and the documents
inserted by one INSERT … SELECT on the first run); the figures are appended to bench/RESULTS.md.
"""

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

DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "1000000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
SEED = 4711
TARGET_RATIO = 2.0  # p95 of each list page against the floor's p95
RESULTS = ROOT / "bench" / "RESULTS.md"


def _database_ready() -> None:
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


# Every column of invoices_invoice as one SQL expression of `n` (1..count): a column the model
# gains later without an entry here stops the run (KeyError) rather than inserting a wrong row.
def _columns(account, buyer, user) -> dict[str, str]:
    return {
        "id": None,  # the sequence
        "uuid": "gen_random_uuid()",
        "organisation_id": str(account.organisation_id),
        "account_id": str(account.pk),
        "buyer_id": str(buyer.pk),
        "type_code": "CASE WHEN n % 10 = 0 THEN '381' ELSE '380' END",
        "state": "CASE WHEN n % 50 = 0 THEN 'draft' ELSE 'sent' END",
        "number": "CASE WHEN n % 50 = 0 THEN '' ELSE CASE WHEN n % 10 = 0 THEN 'CN-' ELSE 'INV-' END || n END",
        "issue_date": "DATE '2026-11-29' - (n / 500)::int",
        "due_date": "NULL",
        "payment_terms": "''",
        "currency": "'EUR'",
        "buyer_reference": "'BENCH'",
        "order_reference": "''",
        "preceding_invoice_id": "NULL",
        "credit_reason": "CASE WHEN n % 10 = 0 THEN 'Returned goods' ELSE '' END",
        "note": "''",
        "language": "''",
        "payment_means": "'58'",
        "delivery_state": (
            "CASE WHEN n % 50 = 0 THEN 'not_sent' WHEN n % 997 = 0 THEN 'failed' ELSE 'delivered' END"
        ),
        "delivery_failure": "CASE WHEN n % 997 = 0 AND n % 50 <> 0 THEN 'No AP address' ELSE '' END",
        "delivery_round": "CASE WHEN n % 50 = 0 THEN 0 ELSE 1 END",
        "delivered_at": "NULL",
        "status_recorded": "false",
        "created_at": "TIMESTAMPTZ '2026-11-29 12:00+00' - make_interval(secs => (1000000 - n) * 60)",
        "created_by_id": str(user.pk),
        "updated_at": "now()",
        "sent_at": "CASE WHEN n % 50 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-11-29 12:00+00' END",
        "sent_by_id": "NULL",
        "line_net_total": "100 + n % 1000",
        "tax_exclusive": "100 + n % 1000",
        "tax_total": "21",
        "tax_inclusive": "121 + n % 1000",
        "payable": "121 + n % 1000",
    }


def documents_ready(account, buyer, user) -> None:
    """BENCH_DOCUMENTS documents of `account` to `buyer`, and their counts (the list's summary)."""
    from django.db import connection

    from invoices.models.documents import Invoice, InvoiceCount

    present = Invoice.objects.filter(account=account).count()
    if present >= DOCUMENTS:
        return
    print(f"Inserting {DOCUMENTS - present:,} documents (once)…", flush=True)
    expressions = _columns(account, buyer, user)
    names = [field.column for field in Invoice._meta.concrete_fields if expressions[field.column] is not None]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Invoice._meta.db_table} ({', '.join(names)})"
            f" SELECT {', '.join(expressions[name] for name in names)}"
            f" FROM generate_series({present + 1}, {DOCUMENTS}) AS n"
        )
        cursor.execute(f"ANALYZE {Invoice._meta.db_table}")
        # The summary the list reads, from the rows as they now stand (the services keep it
        # from here on).
        cursor.execute(f"DELETE FROM {InvoiceCount._meta.db_table} WHERE account_id = %s", [account.pk])
        cursor.execute(
            f"INSERT INTO {InvoiceCount._meta.db_table} (organisation_id, account_id, type_code, state, delivery_state, count)"
            f" SELECT organisation_id, account_id, type_code, state, delivery_state, count(*)"
            f" FROM {Invoice._meta.db_table} WHERE account_id = %s GROUP BY 1, 2, 3, 4, 5",
            [account.pk],
        )


def _deep_cursor(account) -> str:
    from invoices.documents.selectors import invoices_filtered

    rows = invoices_filtered(org=account.organisation, account=account, filters={})
    row = rows.order_by("-created_at", "-id").values("created_at", "id")[DOCUMENTS // 2]
    return f"{row['created_at'].isoformat()}_{row['id']}"  # as invoices_page writes its cursors


def run(port: int, account, buyer) -> dict[str, list[float]]:
    from bench.browser import _timed
    from bench.server import Browser

    browser = Browser(port)
    browser.sign_in("elise", "demo")
    browser.account_use(str(account.code))
    pages = {
        "list, first page": "/invoicing/",
        "credit notes only": "/invoicing/?type_code=381",
        "failed deliveries (1 in 997)": "/invoicing/?delivery_state=failed",
        "drafts": "/invoicing/?state=draft",
        "one customer": f"/invoicing/?buyer={buyer.network_number}",
        "number search (exact)": f"/invoicing/?number=INV-{random.Random(SEED).randrange(1, DOCUMENTS)}",
        "number search (prefix)": "/invoicing/?number=INV-4711",
        "number search, no match": "/invoicing/?number=NOPE-1",
    }
    pages[f"keyset page {DOCUMENTS // 2:,} rows deep"] = f"/invoicing/?{urlencode({'after': _deep_cursor(account)})}"
    for path in ["/help/", *pages.values()]:
        _timed(browser, path)  # warm every worker once
    times: dict[str, list[float]] = {"floor": []}
    for _ in range(RUNS):
        times["floor"].append(_timed(browser, "/help/"))
        for label, path in pages.items():
            times.setdefault(label, []).append(_timed(browser, path))
    return times


def report(times: dict[str, list[float]], note: str) -> str:
    from bench.machine import git_head, machine, p95

    floor = p95(times["floor"])
    lines = [
        f"## Invoicing list through the server, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; gunicorn, {WORKERS} workers, DEBUG off, one signed-in keep-alive client on"
        f" loopback; {DOCUMENTS:,} invoices and credit notes of the account in use (git {git_head()}). {note}",
        f"Target: each page's p95 ≤ {TARGET_RATIO:g}× the floor's (the signed-in help page, measured between).",
        "",
        "| page | n | p50 ms | p95 ms | max ms | p95 × floor |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, values in times.items():
        name = "**floor: help page**" if label == "floor" else label
        lines.append(
            f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95(values):.1f} | {max(values):.1f}"
            f" | {p95(values) / floor:.2f} |"
        )
    worst = max(p95(values) for label, values in times.items() if label != "floor")
    lines += ["", f"Slowest list page p95 {worst:.1f} ms = {worst / floor:.2f}× the floor: target"
              f" {'met' if worst <= TARGET_RATIO * floor else 'MISSED'}.", ""]
    return "\n".join(lines)


def main():
    import django

    django.setup()
    _database_ready()
    from connections.models import Relationship
    from portal.demo import GB_ACCOUNT
    from suppliers.models import User

    relationship = Relationship.objects.select_related("account", "buyer").get(
        account__legal_name=GB_ACCOUNT, buyer__legal_name="Tungsten Network Limited"
    )
    documents_ready(relationship.account, relationship.buyer, User.objects.get(username="elise"))
    from django.db import connection

    connection.close()
    from bench.server import gunicorn

    with gunicorn(workers=WORKERS) as port:
        times = run(port, relationship.account, relationship.buyer)
    text = report(times, os.environ.get("BENCH_NOTE", ""))
    print(text)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(text + "\n")


if __name__ == "__main__":
    main()
