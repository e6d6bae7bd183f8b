import pytest

from tests.factories import make_buyer, make_challenge


@pytest.fixture
def challenge(org, member):
    """A challenge at step 1 whose buyer holds five invoices of the account (make_records)."""
    return make_challenge(org, buyer=make_buyer("Demonstration Example Buyer"), by=member)
