"""Numbers without gaps under load (PostgreSQL): two processes each send 500 drafts of one supplier
account at once through invoices.documents.services.invoice_send. Every number 1–1000 must be
issued exactly once (no gap, no duplicate); reported: the wall time and the time per send (p50,
p95), each send being our rules, the official rules when EINVOICE_RULES_DIR is set, the locked
sequence, the stored totals, the status row and the (eager) delivery task, which fails at once
here: the buyer has no AP address, so no PDF is rendered (generation has its own benchmark).

Run with `make bench-numbering` (or `python bench/numbering.py`); DATABASE_URL defaults to the
local portal_bench database, migrated first. Appends its figures to bench/RESULTS.md.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Tasks run in the sending process (delivery is part of what a send costs here).
os.environ["CELERY_BROKER_URL"] = ""

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "2"))
SENDS = int(os.environ.get("BENCH_SENDS", "500"))  # per process


def _setup():
    import django

    django.setup()


def _drafts() -> tuple[int, list[list[int]]]:
    """A fresh organisation and account with PROCESSES × SENDS drafts; their ids per process."""
    from connections.models import Relationship
    from connections.services import Verification, relationship_create
    from customers.models import BuyerEntity
    from invoices.documents.services import invoice_draft_save
    from invoices.models import Invoice
    from suppliers.models import Membership, Organisation
    from suppliers.services import supplier_account_create, supplier_account_invoicing_update
    from django.contrib.auth import get_user_model

    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    org = Organisation.objects.create(name=f"Numbering bench {stamp}")
    account = supplier_account_create(org=org, legal_name=f"Numbering bench {stamp} Ltd", country="DE")
    account.vat_number = "DE255790071"
    account.save(update_fields=["vat_number"])
    supplier_account_invoicing_update(
        account=account, street="Friedrichstraße 68", post_code="10117", city="Berlin",
        legal_registration_id="HRB 1", iban="DE89370400440532013000", bic="COBADEFFXXX",
    )
    account.refresh_from_db()
    user = get_user_model().objects.create_user(username=f"numbering-{stamp}", password="x" * 20)
    Membership.objects.create(organisation=org, user=user, role=Membership.Role.MEMBER)
    buyer = BuyerEntity.objects.create(
        network_number=f"AAA{stamp[-9:]}", legal_name=f"Bench buyer {stamp}", country="FR",
        vat_number="FR40303265045", street="12 rue de la Paix", city="Paris", post_code="75002",
    )
    relationship_create(
        account=account, buyer=buyer,
        verification=Verification(how=Relationship.VerifiedBy.SUPPORT, vat_number=account.vat_number,
                                  network_number=account.network_number, vendor_code="", by_label="bench"),
    )
    line = {"description": "Consulting", "quantity": 3, "unit_code": "HUR", "net_price": "95.50",
            "vat_category": "S", "vat_rate": "20"}
    ids = []
    for _ in range(PROCESSES * SENDS):
        invoice = Invoice(account=account, buyer=buyer, buyer_reference="BENCH", payment_terms="30 days")
        ids.append(invoice_draft_save(invoice=invoice, lines=[line], acting_user=user).pk)
    return user.pk, [ids[n::PROCESSES] for n in range(PROCESSES)]


def _worker(user_id: int, ids: list[int]) -> None:
    """Sends these drafts one after another; prints the milliseconds of each send as JSON."""
    _setup()
    from django.contrib.auth import get_user_model

    from invoices.documents.services import invoice_check, invoice_send
    from invoices.models import Invoice

    user = get_user_model().objects.get(pk=user_id)
    # Compile the official rules once per process before timing (as a long-running worker has).
    invoice_check(Invoice.objects.get(pk=ids[0]))
    timings = []
    for pk in ids:
        invoice = Invoice.objects.get(pk=pk)
        start = time.perf_counter()
        invoice_send(invoice=invoice, acting_user=user)
        timings.append((time.perf_counter() - start) * 1000)
    print(json.dumps(timings))


def main() -> None:
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.machine import git_head, machine, p95
    from invoices.documents import official_rules
    from invoices.models import Invoice

    call_command("migrate", verbosity=0)
    print(f"Writing {PROCESSES * SENDS} drafts…", flush=True)
    user_id, batches = _drafts()
    account_id = Invoice.objects.get(pk=batches[0][0]).account_id
    connection.close()
    print(f"{PROCESSES} processes × {SENDS} sends…", flush=True)
    start = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(user_id), json.dumps(batch)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        for batch in batches
    ]
    outputs = [worker.communicate()[0] for worker in workers]
    wall = time.perf_counter() - start
    assert all(worker.returncode == 0 for worker in workers), "a sending process failed"
    timings = [ms for output in outputs for ms in json.loads(output.strip().splitlines()[-1])]
    numbers = list(Invoice.objects.filter(account_id=account_id).values_list("number", flat=True))
    issued = sorted(int(number.removeprefix("INV-")) for number in numbers)
    expected = list(range(1, PROCESSES * SENDS + 1))
    ok = issued == expected
    rules = "on (EINVOICE_RULES_DIR)" if official_rules.enabled() else "off (our checks only)"
    report = f"""
## Numbering under concurrency, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC

Machine: {machine()}; commit {git_head()}. {PROCESSES} processes each sent {SENDS} drafts of one
account at once (invoices.documents.services.invoice_send: our rules, official rules {rules}, the
locked sequence, totals, status row, eager delivery failing at once for want of an AP address);
the official rules compiled in each process before timing.

| sends | wall s | per send p50 ms | per send p95 ms | numbers issued | gaps or duplicates |
| --- | --- | --- | --- | --- | --- |
| {len(timings)} | {wall:.1f} | {statistics.median(timings):.1f} | {p95(timings):.1f} | {issued[0] if issued else '-'}–{issued[-1] if issued else '-'} ({len(issued)}) | {'none' if ok else 'FOUND'} |

{'Goal met: every number 1–' + str(PROCESSES * SENDS) + ' issued exactly once.' if ok else 'Goal MISSED: the numbers are not 1–N without gap or duplicate.'}
"""
    print(report)
    with open(ROOT / "bench" / "RESULTS.md", "a") as results:
        results.write(report)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(int(sys.argv[2]), json.loads(sys.argv[3]))
    else:
        main()
