"""Each pair of apps imports in one direction only (README, "Layout"): this reads every import of
every app module (ast, not running it) and refuses one the table below does not allow. The shell
(`portal`) may import every app and is not checked here; type hints under TYPE_CHECKING are
allowed, being no import at run time."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# app → the apps it may import. Lower apps learn of changes above them through signals
# (connections/signals.py, suppliers/signals.py), never by importing them.
ALLOWED = {
    "suppliers": set(),
    "customers": {"suppliers"},
    "tickets": {"suppliers"},
    "connections": {"suppliers", "customers", "tickets"},
    "invoices": {"suppliers", "customers", "connections"},
    "challenges": {"suppliers", "customers", "connections", "invoices"},
}
APPS = set(ALLOWED)

def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imported_apps(source: str) -> set[str]:
    """The apps a module's source imports at run time, wherever the import statement stands."""
    found = set()
    pending = [ast.parse(source)]
    while pending:
        node = pending.pop()
        if _type_checking(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        pending.extend(ast.iter_child_nodes(node))
    return found & APPS


def violations(sources: dict[str, str]) -> set[tuple[str, str]]:
    """(module path, app) for each import of an app that its module's app may not import."""
    found = set()
    for path, source in sources.items():
        app = path.split("/")[0]
        found |= {(path, other) for other in _imported_apps(source) - ALLOWED[app] - {app}}
    return found


def _app_sources() -> dict[str, str]:
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for app in sorted(APPS)
        for path in sorted((ROOT / app).rglob("*.py"))
    }


def test_no_app_imports_against_the_allowed_directions():
    assert violations(_app_sources()) == set()


def test_the_table_gives_each_pair_one_direction():
    assert [(a, b) for a in ALLOWED for b in ALLOWED[a] if a in ALLOWED[b]] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from connections.models import ConnectionRequest", {("customers/selectors.py", "connections")}),
        ("def f():\n    import invoices.tasks\n", {("customers/selectors.py", "invoices")}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tickets.models import SupportTicket\n", set()),
        ("from suppliers.models import SupplierAccount\nfrom customers.models import BuyerEntity", set()),
    ],
)
def test_it_refuses_a_reverse_import_even_inside_a_function(source, expected):
    assert violations({"customers/selectors.py": source}) == expected
