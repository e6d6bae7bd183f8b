from pathlib import Path

import pytest
from django.conf import settings

from tests.invoices.documents.checks import require_rules


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    """The official rules' directory; the tests that need it FAIL without it, never skip: a suite
    that cannot run the rules must not look green."""
    return require_rules(settings.EINVOICE_RULES_DIR)
