"""Assertions on the official rules' SVRL reports."""

from pathlib import Path

import pytest

from invoices.documents import official_rules


def require_rules(setting: str) -> Path:
    """The directory ``setting`` names, holding every official stylesheet; else the calling test
    FAILS (never skips) saying what to set."""
    path = Path(setting or "")
    names = [name for names in official_rules.STYLESHEETS.values() for name in names]
    missing = [name for name in names if not (path / name).is_file()]
    if not setting or missing:
        pytest.fail(
            f"The official e-invoice rules are not at {setting or '(EINVOICE_RULES_DIR unset)'} "
            f"(missing: {', '.join(missing)}). Set EINVOICE_RULES_DIR to the directory holding them; "
            "CI and the project's machines keep them in ../shared/einvoice-rules beside the checkout.",
            pytrace=False,
        )
    return path


def fatal(failures) -> list:
    return [failure for failure in failures if failure.flag == official_rules.FATAL]


def assert_valid(xml: bytes, syntax: str) -> None:
    """``xml`` passes every official stylesheet of its syntax with zero fatal assertions; the
    assertion message lists the broken rules (and the warnings, for reading)."""
    for stylesheet in official_rules.STYLESHEETS[syntax]:
        found = official_rules.svrl_failures(xml, stylesheet)
        broken = fatal(found)
        assert not broken, f"{stylesheet}: {len(broken)} fatal assertion(s):\n" + "\n".join(map(str, broken))
