from datetime import date
from decimal import Decimal

import pytest

from tests.factories import make_buyer, make_records, make_relationship


@pytest.fixture
def mixed(account, django_capture_on_commit_callbacks):
    """Loaded invoices of `account` at one buyer: 6 paid of 500.00, 6 paid of 1,500.00, a paid
    credit note of -200.00 (13 paid), and 10 approved of 2,000.00."""
    buyer = make_buyer("Réclamations Dupont SA", country="FR")
    paid = {"status": "paid", "payment_date": date(2026, 11, 2), "payment_reference": "PAY1"}
    make_records(buyer, account, 6, start=100, amount=Decimal("500.00"), **paid)
    make_records(buyer, account, 6, start=200, amount=Decimal("1500.00"), **paid)
    make_records(buyer, account, 1, start=300, amount=Decimal("-200.00"), **paid)
    make_records(buyer, account, 10, start=400, amount=Decimal("2000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        make_relationship(account, buyer)
    return buyer
