"""How cost grows: the invoice-status loader and the status pages at 100,000, 1,000,000 and
5,000,000 invoice statuses, held by one account, and spread over 1,000 accounts of one
organisation. Per size: the loader's seconds per million rows (a first load, in-process, through
`load_run_execute`) and the pages' p95 (in-process test client) against the help page measured in
the same run. The loader should stay linear and the pages flat.

Run with `make bench-growth` (PostgreSQL). BENCH_GROWTH_SIZES (e.g. "100000,1000000") picks
sizes; each size adds to the last (the same records, more of them), so run them in order.
"""

import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

SIZES = [int(size) for size in os.environ.get("BENCH_GROWTH_SIZES", "100000,1000000,5000000").split(",")]
SPREAD_ACCOUNTS = 1_000
PAGE_RUNS = 60
ONE_BUYER, SPREAD_BUYER = "AAA900000100", "AAA900000200"


def _organisation(name: str, accounts: int):
    """An organisation with `accounts` supplier accounts (valid, distinct VAT numbers)."""
    from bench.tenants import _vat_numbers
    from suppliers.models import Organisation, SupplierAccount
    from suppliers.services import supplier_account_create

    org, _ = Organisation.objects.get_or_create(name=name)
    present = SupplierAccount.objects.filter(organisation=org).count()
    used = set(SupplierAccount.objects.values_list("vat_number", flat=True))
    numbers = (number for number in _vat_numbers() if number not in used)
    for index in range(present, accounts):
        supplier_account_create(org=org, legal_name=f"{name} {index:04d} Ltd", country="GB", vat_number=next(numbers))
    return org, list(SupplierAccount.objects.filter(organisation=org).order_by("pk")[:accounts])


def _relationships(accounts, buyer_number: str, per_account: int):
    """Each account's relationship with the buyer, its records topped up to `per_account`, and no
    statuses yet (so every load is a first load)."""
    from django.db import connection

    from connections.models import Relationship
    from connections.services import Verification
    from customers.models import BuyerEntity
    from customers.synthetic import invoice_records_load, synthetic_invoice_records
    from invoices.models import InvoiceStatus

    buyer = BuyerEntity.objects.get(network_number=buyer_number)
    today = _today()
    relationships = []
    for account in accounts:
        invoice_records_load(synthetic_invoice_records(buyer.pk, account.vat_number, per_account, today=today, prefix="G"))
        # As support would confirm it: loads match only verified identities.
        verified = Verification(how=Relationship.VerifiedBy.SUPPORT, vat_number=account.vat_number, by_label="bench")
        relationship, _ = Relationship.objects.get_or_create(
            account=account, buyer=buyer, defaults={"organisation_id": account.organisation_id, **verified.fields()}
        )
        relationships.append(relationship)
    InvoiceStatus.objects.filter(buyer=buyer, account__in=accounts).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE invoices_invoicestatus")
    return relationships


def _today():
    from django.utils import timezone as django_timezone

    return django_timezone.localdate()


def _load(relationships) -> float:
    from invoices.models import LoadRun
    from invoices.services import load_run_execute

    started = time.perf_counter()
    for done, relationship in enumerate(relationships, 1):
        run = LoadRun.objects.create(relationship=relationship)
        load_run_execute(run_id=run.pk)
        if done % 100 == 0:
            print(f"  {done} loads, {(time.perf_counter() - started) / done:.2f} s each", flush=True)
    return time.perf_counter() - started


def _pages(account) -> dict[str, list[float]]:
    from django.test import Client

    from bench.machine import pages_timed
    from portal.lib.tenancy import SESSION_ACCOUNT_KEY
    from suppliers.models import Membership, User

    user, _ = User.objects.get_or_create(username=f"growth-{account.organisation_id}")
    Membership.objects.get_or_create(organisation_id=account.organisation_id, user=user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_ACCOUNT_KEY] = str(account.code)
    session.save()
    urls = {"floor: help page": "/help/", "Where is my invoice?": "/invoices/status/",
            "filtered (paid)": "/invoices/status/?status=paid", "When will I get paid?": "/invoices/payments/"}
    return pages_timed(client, urls, PAGE_RUNS)


def main():
    import django

    django.setup()
    from bench.machine import git_head, machine, p95
    from bench.search import _database_ready

    _database_ready()
    _, one = _organisation("Growth one account", 1)
    _, spread = _organisation("Growth spread", SPREAD_ACCOUNTS)
    started = datetime.now(timezone.utc)
    lines = []
    for size in SIZES:
        for label, accounts in (("one account", one), (f"{SPREAD_ACCOUNTS:,} accounts", spread)):
            print(f"{size:,} statuses, {label}…", flush=True)
            relationships = _relationships(accounts, ONE_BUYER if len(accounts) == 1 else SPREAD_BUYER, size // len(accounts))
            seconds = _load(relationships)
            pages = _pages(accounts[0])
            cells = " | ".join(f"{p95(runs):.1f}" for runs in pages.values())
            lines.append(f"| {size:,} | {label} | {seconds:.1f} | {seconds / size * 1e6:.1f} | {cells} |")
            print(lines[-1], f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    head = [
        f"## How cost grows, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}, shared with other work (git {git_head()}). First loads in-process"
        f" (`load_run_execute`); pages in-process, {PAGE_RUNS} runs each. {os.environ.get('BENCH_NOTE', '')}",
        "",
        "| statuses | held by | load s | s per million | help page p95 ms | status page p95 | filtered p95 | payments p95 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    text = "\n".join([*head, *lines, ""])
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write(text + "\n")


if __name__ == "__main__":
    main()
