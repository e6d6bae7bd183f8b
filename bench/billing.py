"""Billing pushes, exactly once (PostgreSQL and Redis): 1,000 sent invoices pushed through one
Celery worker (one process, a pool of threads) to the fake Számla Agent on 127.0.0.1, with a fifth of its answers
faulted (slower than the timeout, the connection dropped after the invoice was created, 500, 429,
an answer without a result); counts the invoices in the fake (exactly 1,000, no duplicates) and
pushes per second against a floor measured in the same run: the same create requests posted to
the fake, without faults, by a bare HTTP client loop.

Run with `make bench` (or `python bench/billing.py`); DATABASE_URL and CELERY_BROKER_URL default to
the local services.
"""

import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

BUYER = "Müller Bürobedarf GmbH"  # the factory's buyer
PUSHES = int(os.environ.get("BENCH_PUSHES", "1000"))
FAULT_RATE = float(os.environ.get("BENCH_FAULT_RATE", "0.2"))
TIMEOUT = 0.2  # seconds; a "slow" answer comes after 0.3 s
TARGET_RATIO = 0.5
# One worker process; its threads wait for the database and the billing system side by side.
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))


def _floor(bodies: list[bytes]) -> float:
    """Seconds for a bare client loop to post the same create requests to a fault-free fake."""
    import requests

    from invoices.billing.szamlazz import FIELD_CREATE
    from tests.invoices.billing.fakes import FakeSzamlaAgent

    with FakeSzamlaAgent() as agent, requests.Session() as session:
        started = time.perf_counter()
        for body in bodies:
            session.post(agent.url, files={FIELD_CREATE: ("request.xml", body, "text/xml")}, timeout=5).raise_for_status()
        elapsed = time.perf_counter() - started
        assert len(agent.invoices) == len(bodies) and not agent.invalid
    return elapsed


def _worker(agent_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SZAMLAZZ_AGENT_URL": agent_url,
        "BILLING_TIMEOUT": str(TIMEOUT),
        "BILLING_RETRY_BACKOFF": "0.01",
        "BILLING_MAX_RETRIES": "60",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "billing", "--pool=threads", f"--concurrency={CONCURRENCY}",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.machine import git_head, machine
    from invoices.billing.services import billing_push_create, push_request_build
    from invoices.billing.szamlazz import SzamlazzAdapter
    from invoices.models import BillingPush
    from portal.celery import app
    from customers.models import BuyerEntity
    from suppliers.models import Organisation
    from tests.factories import make_account
    from tests.invoices.billing.factories import make_integration, make_sent_invoices
    from tests.invoices.billing.fakes import FakeSzamlaAgent

    call_command("migrate", verbosity=0)
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("billing")
    org = Organisation.objects.create(name=f"Billing bench {datetime.now(timezone.utc):%Y%m%d%H%M%S}")
    account = make_account(org)
    with FakeSzamlaAgent(slow_seconds=TIMEOUT * 1.5, seed=7) as agent:
        agent.fault_kinds = ("slow", "drop", "500", "429", "bare")
        integration = make_integration(account, system="szamlazz", credentials={"agent_key": agent.agent_key})
        print(f"Writing {PUSHES:,} sent invoices…", flush=True)
        buyer = BuyerEntity.objects.filter(legal_name=BUYER).first()  # kept from an earlier run
        invoices = make_sent_invoices(account, PUSHES, buyer=buyer)
        adapter = SzamlazzAdapter(integration.credentials)
        bodies = [
            adapter.invoice_xml(push_request_build(BillingPush(invoice=invoice, integration=integration)))
            for invoice in invoices
        ]
        floor = _floor(bodies)
        agent.fault_rate = FAULT_RATE
        started = time.perf_counter()
        for invoice in invoices:
            billing_push_create(invoice=invoice)  # published to the billing queue, as each send does
        enqueued = time.perf_counter() - started
        pushes = BillingPush.objects.filter(integration=integration)
        worker = _worker(agent.url)
        try:
            # The clock starts when the worker takes its first push (its start-up is not the push rate).
            while not pushes.filter(attempts__gt=0).exists():
                time.sleep(0.01)
            started = time.perf_counter()
            while pushes.filter(state__in=("created", "failed")).count() < PUSHES:
                time.sleep(0.1)
                connection.close()
            elapsed = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        created = pushes.filter(state="created").count()
        external_ids = [i["external_id"] for i in agent.invoices]
        duplicates = len(external_ids) - len(set(external_ids))
        report = (
            f"\n## Billing push, exactly once: {PUSHES:,} pushes, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n\n"
            f"Machine: {machine()}; commit {git_head()}. One worker ({CONCURRENCY} threads) against the fake Számla Agent "
            f"(every request checked against the XSD), {FAULT_RATE:.0%} of its answers faulted "
            f"(slow past the {TIMEOUT} s timeout, dropped after creating, 500, 429, no result): {agent.faulted} faults.\n\n"
            "| pushes | created | in the fake | duplicates | s | pushes/s | floor s (bare loop, no faults) | floor/s | ratio | target |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
            f"| {PUSHES:,} | {created:,} | {len(external_ids):,} | {duplicates} | {elapsed:.1f} | {PUSHES / elapsed:.1f} "
            f"| {floor:.1f} | {PUSHES / floor:.1f} | {floor / elapsed:.2f} | ≥ {TARGET_RATIO} |\n\n"
            f"Enqueued before the worker started ({enqueued:.1f} s, one `billing_push_create` per invoice as each send does); "
            "the clock runs from the worker's first push to the last push finished.\n"
        )
    print(report)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write(report)


if __name__ == "__main__":
    main()
