"""axe-core (WCAG 2.1 A and AA rules) for browser tests: `assert_accessible(page)` after a page loads.

Every page an end-to-end test visits should pass it. A rule that must be silenced on a page is
named in `exceptions` with the reason, next to the call:

    assert_accessible(page, exceptions={"color-contrast": "the PDF preview is the buyer's own colours"})

axe-core comes with `axe-playwright-python` (axe-core 4.x, injected into the page, no network).
"""

from __future__ import annotations

from collections.abc import Mapping

from axe_playwright_python.sync_playwright import Axe

# The WCAG 2.1 level A and AA rules (axe-core's tags); best practices are not asked for.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def axe_violations(page, *, exceptions: Mapping[str, str] | None = None, context: str | None = None) -> list[dict]:
    """Run axe-core on `page` (a Playwright sync `Page`) with the WCAG 2.1 A/AA rules.

    Returns axe's violations (dicts with `id`, `impact`, `help`, `helpUrl`, `nodes`), without the
    rules named in `exceptions` (rule id → the reason it is silenced; a reason is required).
    `context` limits the check to a CSS selector (the whole document by default).
    Raises ValueError when an exception gives no reason.
    """
    exceptions = dict(exceptions or {})
    for rule, reason in exceptions.items():
        if not str(reason).strip():
            raise ValueError(f"The exception for axe rule {rule!r} must say why it is silenced.")
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in exceptions},
    }
    results = _axe.run(page, context=context, options=options)
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    """One readable block per violation: rule, impact, what it asks, and each failing element."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page, *, exceptions: Mapping[str, str] | None = None, context: str | None = None) -> None:
    """Fail with a readable list of WCAG 2.1 A/AA violations axe-core finds on `page`.

    `exceptions`: rule id → reason (see `axe_violations`). `context`: a CSS selector to check
    only part of the page. Raises AssertionError listing rule, impact, target and help per violation.
    """
    violations = axe_violations(page, exceptions=exceptions, context=context)
    assert not violations, f"axe-core (WCAG 2.1 AA) on {page.url}:\n{format_violations(violations)}"
