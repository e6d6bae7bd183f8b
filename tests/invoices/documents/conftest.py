from pathlib import Path

import pytest
from django.conf import settings

from invoices.documents import official_rules


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    """The official rules' directory; the tests that need it FAIL without it, never skip: a suite
    that cannot run the rules must not look green."""
    path = Path(settings.EINVOICE_RULES_DIR or "")
    names = [name for names in official_rules.STYLESHEETS.values() for name in names]
    missing = [name for name in names if not (path / name).is_file()]
    if not settings.EINVOICE_RULES_DIR or missing:
        pytest.fail(
            f"The official e-invoice rules are not at {path} (missing: {', '.join(missing)}). "
            "Set EINVOICE_RULES_DIR to the directory holding them; CI and the project's machines "
            "keep them in ../shared/einvoice-rules beside the checkout.",
            pytrace=False,
        )
    return path

