"""Assertions on the official rules' SVRL reports."""

from invoices.documents import official_rules


def fatal(failures) -> list:
    return [failure for failure in failures if failure.flag == official_rules.FATAL]


def assert_valid(xml: bytes, syntax: str) -> None:
    """``xml`` passes every official stylesheet of its syntax with zero fatal assertions; the
    assertion message lists the broken rules (and the warnings, for reading)."""
    for stylesheet in official_rules.STYLESHEETS[syntax]:
        found = official_rules.svrl_failures(xml, stylesheet)
        broken = fatal(found)
        assert not broken, f"{stylesheet}: {len(broken)} fatal assertion(s):\n" + "\n".join(map(str, broken))
