"""Load held: 20 and then 50 simulated users for 60 s each against gunicorn with the worker count
the README recommends (2 × cores + 1), after one user alone for the unloaded figures. Each user
signs in to one of several organisations and, with a pause between actions, types a name into
the type-ahead (a request per keystroke, 200 ms apart, as the page's debounce sends them), opens
Home, Where is my invoice? (first page, a filter, the next page) and now and then asks for a CSV
export of a status, polls the export's page as the browser does (every 2 s) and downloads the
file, which a Celery worker on the `exports` queue writes beside the server. Loopback only;
standard library threads.

Run with `make bench-load` (PostgreSQL; Redis as the broker, CELERY_BROKER_URL, default
redis://127.0.0.1:6379/0; REDIS_URL gives the server a shared cache and sessions).
Reports requests per second, p50 / p95 per page, errors, and the most database connections open
at once; appends to bench/RESULTS.md.
"""

import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
STAGES = [(1, 60), (20, 60), (50, 60)]  # (users, seconds); the first gives the unloaded figures (each page a few times)
ORGANISATIONS, STATUSES_EACH = 4, 20_000
KEYSTROKE_GAP_S = 0.2
PAUSE_S = (1.0, 3.0)
TARGET_RATIO = 3.0
WORDS = ["tungsten network", "brněnská", "société générale", "maschinenbau", "logistik 12", "kraków", "gmbh", "xqz", "lefevre"]


class Stage:
    """What the users of one stage measured, shared between their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.exports_ready: list[float] = []  # seconds from asking for an export to its file written

    def record(self, label: str, status: int | None, elapsed: float) -> None:
        with self.lock:
            if status == 200:
                self.times[label].append(elapsed)
            else:
                self.errors[label] += 1


ACTIONS, WEIGHTS = ["type-ahead", "home", "status", "export"], [50, 20, 28, 2]


def _user(port: int, username: str, account: str, stage: Stage, until: float, seed: int, alone: bool) -> None:
    """One user's actions until `until`; alone, every action in turn, so each page is measured."""
    from bench.server import Browser

    rng = random.Random(seed)
    browser = Browser(port)
    browser.sign_in(username, "demo")
    browser.account_use(account)

    def get(label, path, **headers):
        try:
            status, _, elapsed = browser.get(path, **headers)
        except OSError:
            status, elapsed = None, 0.0
        stage.record(label, status, elapsed)

    def timed(label, status, elapsed):
        stage.record(label, 200 if status in (200, 302) else status, elapsed)

    turn = 0
    while time.monotonic() < until:
        action = ACTIONS[turn % len(ACTIONS)] if alone else rng.choices(ACTIONS, weights=WEIGHTS)[0]
        turn += 1
        if action == "type-ahead":
            word = rng.choice(WORDS)
            for end in range(2, len(word) + 1):
                get("type-ahead keystroke", f"/customers/search/?{urlencode({'q': word[:end]})}", **{"HX-Request": "true"})
                time.sleep(KEYSTROKE_GAP_S)
        elif action == "home":
            get("Home", "/")
        elif action == "status":
            get("Where is my invoice?", "/invoices/status/")
            get("Where is my invoice?, filtered", "/invoices/status/?status=paid")
        else:
            try:
                ready = browser.export("status=rejected", until=until, timed=timed)
            except OSError:
                ready = None
                stage.record("export: ask", None, 0.0)
            if ready is not None:
                stage.exports_ready.append(ready)
        time.sleep(rng.uniform(*PAUSE_S))


def _connections_sampler(stop: threading.Event, samples: list[int]) -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True) as conn:
        while not stop.wait(0.5):
            samples.append(conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [db["NAME"]]
            ).fetchone()[0])


def _stage(port: int, users: list[tuple[str, str]], how_many: int, seconds: int) -> tuple[Stage, float, list[int]]:
    stage, samples, stop = Stage(), [], threading.Event()
    sampler = threading.Thread(target=_connections_sampler, args=(stop, samples))
    sampler.start()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_user, args=(port, *users[n % len(users)], stage, until, n, how_many == 1))
        for n in range(how_many)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    return stage, elapsed, samples


def report(stages: list[tuple[int, Stage, float, list[int]]]) -> str:
    from bench.machine import git_head, machine, p95

    _, alone, _, _ = stages[0]
    lines = [
        f"## Load held, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}, shared with other work; gunicorn, {WORKERS} sync workers, DEBUG off,"
        f" on loopback (git {git_head()}). Users of {ORGANISATIONS + 1} organisations (the demo's"
        f" 1,000,300 statuses and {ORGANISATIONS} × {STATUSES_EACH:,}); a pause of {PAUSE_S[0]:g}–{PAUSE_S[1]:g} s"
        f" between actions, keystrokes {KEYSTROKE_GAP_S * 1000:.0f} ms apart. {os.environ.get('BENCH_NOTE', '')}",
        f"Goals: no errors; p95 under load ≤ {TARGET_RATIO:g}× the p95 of one user alone.",
        "",
        "| users | seconds | requests | req/s | errors | DB connections (max) | page | p50 ms | p95 ms | p95 × alone |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    verdicts = []
    for users, stage, elapsed, samples in stages:
        total = sum(len(values) for values in stage.times.values())
        errors = sum(stage.errors.values())
        first = True
        for label in sorted(stage.times):
            values = stage.times[label]
            ratio = p95(values) / p95(alone.times[label]) if alone.times.get(label) else float("nan")
            if users > 1 and label != "export: progress":  # polls, timed as pages but not a page people wait on
                verdicts.append(ratio <= TARGET_RATIO)
            head = (f"| {users} | {elapsed:.0f} | {total} | {total / elapsed:.1f} | {errors} | {max(samples, default=0)} |"
                    if first else "| | | | | | |")
            lines.append(f"{head} {label} | {statistics.median(values):.1f} | {p95(values):.1f} | {ratio:.2f} |")
            first = False
        if stage.exports_ready:
            lines.append(f"| | | | | | | (export: file ready after, s) | {statistics.median(stage.exports_ready):.1f} |"
                         f" {p95(stage.exports_ready):.1f} | |")
        if users > 1:
            verdicts.append(errors == 0)
    lines += ["", f"Goals {'met' if all(verdicts) else 'MISSED'}.", ""]
    return "\n".join(lines)


def main():
    import django

    django.setup()
    from bench.search import _database_ready
    from bench.server import exports_worker, gunicorn
    from bench.tenants import bench_organisations
    from django.db import connection
    from portal.demo import GB_ACCOUNT
    from suppliers.models import SupplierAccount

    _database_ready()
    users = [("elise", str(SupplierAccount.objects.get(legal_name=GB_ACCOUNT).code))]
    users += bench_organisations(ORGANISATIONS, STATUSES_EACH)
    connection.close()
    stages = []
    with gunicorn(workers=WORKERS) as port, exports_worker():
        for how_many, seconds in STAGES:
            print(f"{how_many} users for {seconds} s…", flush=True)
            stage, elapsed, samples = _stage(port, users, how_many, seconds)
            stages.append((how_many, stage, elapsed, samples))
    text = report(stages)
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write(text + "\n")


if __name__ == "__main__":
    main()
