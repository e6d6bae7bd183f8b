"""The kernel (portal/lib) imports no app and nothing of the shell (portal outside portal/lib), read
from the import statements themselves; imports for type hints under `if TYPE_CHECKING:` are allowed."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

KERNEL = "portal.lib"


def project_apps() -> set[str]:
    """The top-level packages of the project's own installed apps ("portal", "suppliers"...)."""
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts
    }


def _under_type_checking(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            return True
    return False


def imported_modules(source: str, module: str) -> list[str]:
    """The dotted names that `source` (the text of `module`, e.g. "portal.lib.tenancy") imports at
    run time, anywhere in the file, relative imports resolved; TYPE_CHECKING blocks left out."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    package = module.split(".")[:-1]
    names = []
    for node in ast.walk(tree):
        if _under_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            names.append(".".join([*base, *([node.module] if node.module else [])]))
    return names


def kernel_violations(source: str, module: str) -> list[str]:
    forbidden = project_apps()
    return [
        name
        for name in imported_modules(source, module)
        if name.split(".")[0] in forbidden and not (name == KERNEL or name.startswith(KERNEL + "."))
    ]


def kernel_modules() -> list[tuple[str, Path]]:
    root = settings.BASE_DIR
    return [
        (".".join(path.relative_to(root).with_suffix("").parts), path)
        for path in sorted((root / "portal" / "lib").rglob("*.py"))
    ]


def test_the_kernel_has_modules():
    assert len(kernel_modules()) > 10
    assert {"portal", "suppliers", "customers", "connections"} <= project_apps()


@pytest.mark.parametrize("module,path", kernel_modules(), ids=[name for name, _ in kernel_modules()])
def test_the_kernel_imports_no_app(module, path):
    assert kernel_violations(path.read_text(), module) == []


@pytest.mark.parametrize(
    "source",
    [
        "from suppliers.models import Membership",
        "import customers.selectors",
        "def f():\n    from connections import services",
        "from portal.selectors import home_cards",
        "from portal import views",
        "from .. import urls",
    ],
)
def test_it_reports_an_app_or_the_shell_imported_by_the_kernel(source):
    assert kernel_violations(source, "portal.lib.tenancy") != []


@pytest.mark.parametrize(
    "source",
    [
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from suppliers.models import Membership",
        "from portal.lib.models import SentEmail",
        "from . import timezones",
        "from .formats import en",
        "from django.apps import apps",
    ],
)
def test_it_allows_the_kernel_django_and_type_hints(source):
    assert kernel_violations(source, "portal.lib.emails") == []
