"""What every benchmark report shares: where it ran, its 95th percentile, pages timed in-process."""

import os
import statistics
import platform
import subprocess
import time
from pathlib import Path


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}, PostgreSQL {postgres},"
        f" load average {load} (1, 5, 15 min) as the figures were written"
    )


def git_head() -> str:
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root).stdout.strip()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def pages_timed(client, urls: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Milliseconds of `runs` GETs of each URL (label → URL) through Django's test client, after
    one that must answer 200 (and warms the caches)."""
    times = {}
    for label, url in urls.items():
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        times[label] = timings
    return times
