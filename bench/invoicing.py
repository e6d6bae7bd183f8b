"""Invoice generation: BENCH_INVOICES (default 1,000) invoices of 1–50 lines, each rendered to a
Factur-X PDF/A-3b (WeasyPrint, the CII embedded by factur-x) plus its UBL, and validated by the
official rules (EN 16931 UBL and CII, Peppol BIS 3, saxonche in-process), against a floor measured
in the same run on the same invoice: WeasyPrint rendering the same HTML to a plain PDF.

Per invoice, p50 and p95 of: the floor; generation (Factur-X + UBL); validation (UBL and CII
written and run through the three stylesheets, `official_rules.failures`). Target: generation
≤ 1.5 × the floor, validation ≤ 50 ms. The stylesheets' one-off compilation is reported apart.

Needs no database; EINVOICE_RULES_DIR defaults to ../shared/einvoice-rules beside the checkout.
Run with `make bench`, or alone: `.venv/bin/python bench/invoicing.py` (BENCH_INVOICES=100 for a
quick look). Appends its figures to bench/RESULTS.md.
"""

import io
import os
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("EINVOICE_RULES_DIR", str(ROOT.parent / "shared" / "einvoice-rules"))

INVOICES = int(os.environ.get("BENCH_INVOICES", "1000"))
MAX_LINES = 50
TARGET_RATIO, TARGET_VALIDATION_MS = 1.5, 50
LANGUAGES = ("en", "de", "fr", "cs", "pl", "hu")
# Standard rates with a zero-rated share, the mix a European supplier's invoices have.
RATES = (("S", "21"), ("S", "19"), ("S", "7"), ("S", "27"), ("Z", "0"))


def documents(count: int, seed: int = 17):
    """``count`` (valid Document, language) pairs of 1–MAX_LINES lines (sizes spread evenly),
    deterministic; built by the tests' factory, the same parties and payment details."""
    from tests.invoices.documents.factory import charge, make_document

    rng = random.Random(seed)
    for n in range(count):
        size = 1 + (n * MAX_LINES) // count if count >= MAX_LINES else rng.randint(1, MAX_LINES)
        lines = [
            (str(rng.randint(1, 40)), str(Decimal(rng.randint(50, 250_000)) / 100), *rng.choice(RATES))
            + ((rng.choice(("1.50", "0")),) if rng.random() < 0.25 else ())
            for _ in range(size)
        ]
        doc = make_document(lines, allowances_charges=(charge("9.90"),), number=f"BENCH-{n + 1:06d}")
        yield doc, LANGUAGES[n % len(LANGUAGES)]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def _machine() -> str:
    try:
        from bench.machine import machine

        return machine()
    except Exception:  # no PostgreSQL reachable: this benchmark does not need it
        return f"{os.cpu_count()} cores, Python {sys.version.split()[0]} (PostgreSQL not reached)"


def main() -> None:
    import django
    import pypdf

    django.setup()
    from invoices.documents import facturx, official_rules, pdf, ubl

    if not official_rules.enabled():
        sys.exit("EINVOICE_RULES_DIR is not set: the official rules cannot be measured.")
    load_before = os.getloadavg()

    docs = list(documents(INVOICES))
    started = time.perf_counter()
    assert official_rules.failures(docs[0][0]) == [], "the benchmark's invoices must be valid"
    compile_ms = _ms(started)

    floor, generation, validation, pages = [], [], [], []
    failing = 0
    run_started = time.perf_counter()
    for i, (doc, language) in enumerate(docs, start=1):
        started = time.perf_counter()
        plain = pdf.render_plain(doc, language)
        floor.append(_ms(started))

        started = time.perf_counter()
        facturx.render(doc, language)
        ubl.write(doc)
        generation.append(_ms(started))

        started = time.perf_counter()
        failing += bool(official_rules.failures(doc))
        validation.append(_ms(started))
        pages.append(len(pypdf.PdfReader(io.BytesIO(plain)).pages))
        if i % 100 == 0:
            print(f"{i:,} / {INVOICES:,} invoices, {time.perf_counter() - run_started:.0f} s", flush=True)
    load_after = os.getloadavg()

    f50, f95 = statistics.median(floor), _p95(floor)
    g50, g95 = statistics.median(generation), _p95(generation)
    v50, v95 = statistics.median(validation), _p95(validation)
    met = g50 <= TARGET_RATIO * f50 and g95 <= TARGET_RATIO * f95 and v95 <= TARGET_VALIDATION_MS
    rows = [
        ("floor: WeasyPrint, plain PDF", f50, f95, "1.00×"),
        ("generation: Factur-X PDF/A-3b + UBL", g50, g95, f"{g50 / f50:.2f}× / {g95 / f95:.2f}×"),
        ("validation: UBL + CII, 3 stylesheets", v50, v95, f"{v50:.0f} / {v95:.0f} ms (target ≤ {TARGET_VALIDATION_MS})"),
    ]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = [
        f"## Invoice generation: {INVOICES:,} invoices of 1–{MAX_LINES} lines, {stamp}",
        "",
        f"Machine: {_machine()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        f"(shared). One process, one invoice at a time; languages rotated over {', '.join(LANGUAGES)}; "
        f"{sum(pages) / len(pages):.1f} pages per invoice on average. The three stylesheets compiled "
        f"once in {compile_ms:.0f} ms (with the first invoice's validation). {failing} invoice(s) broke a rule.",
        "",
        "| per invoice | p50 ms | p95 ms | against the floor (p50 / p95) |",
        "| --- | --- | --- | --- |",
        *(f"| {label} | {p50:.0f} | {p95:.0f} | {ratio} |" for label, p50, p95, ratio in rows),
        "",
        f"Target: generation ≤ {TARGET_RATIO}× the floor, validation ≤ {TARGET_VALIDATION_MS} ms per invoice: "
        f"{'met' if met else 'MISSED'}.",
        "",
    ]
    print("\n".join(report))
    with open(ROOT / "bench" / "RESULTS.md", "a") as results:
        results.write("\n" + "\n".join(report))


if __name__ == "__main__":
    main()
