import pytest

from connections.models import Relationship


@pytest.fixture
def test_buyer(account):
    """The test buyer every new account is connected to."""
    return Relationship.objects.get(account=account, buyer__is_test_buyer=True).buyer


def form_data(buyer, *, lines=(("Paper, A4", "10", "4.50", "21"),), charges=(), type_code="380", **fields) -> dict:
    """What the invoice form posts: the header, `lines` as (description, quantity, unit price,
    VAT rate) typed as text, `charges` as (is_charge "0"/"1", reason, amount, VAT rate)."""
    data = {
        "type_code": type_code,
        "buyer": buyer.pk if buyer else "",
        "issue_date": "29/11/2026",
        "currency": "EUR",
        "payment_means": "58",
        "buyer_reference": "PO-4711",
        "payment_terms": "30 days net",
        "language": "",
        "action": "save",
        "lines-TOTAL_FORMS": len(lines),
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 1,
        "lines-MAX_NUM_FORMS": 1000,
        "charges-TOTAL_FORMS": len(charges),
        "charges-INITIAL_FORMS": 0,
        "charges-MIN_NUM_FORMS": 0,
        "charges-MAX_NUM_FORMS": 1000,
    }
    for index, (description, quantity, price, rate) in enumerate(lines):
        data |= {
            f"lines-{index}-description": description,
            f"lines-{index}-quantity": quantity,
            f"lines-{index}-unit_code": "C62",
            f"lines-{index}-net_price": price,
            f"lines-{index}-vat_category": "S",
            f"lines-{index}-vat_rate": rate,
        }
    for index, (is_charge, reason, amount, rate) in enumerate(charges):
        data |= {
            f"charges-{index}-is_charge": is_charge,
            f"charges-{index}-reason": reason,
            f"charges-{index}-amount": amount,
            f"charges-{index}-vat_category": "S",
            f"charges-{index}-vat_rate": rate,
        }
    return data | fields


@pytest.fixture
def sendable(account, test_buyer):
    """The account and the test buyer with what the rules need to send: addresses, the seller's
    bank account, the buyer's VAT number (its Peppol address) and AP contact."""
    for name, value in {"street": "1 High Street", "city": "London", "post_code": "EC1A 1BB",
                        "iban": "GB82WEST12345698765432", "bic": "WESTGB22"}.items():
        setattr(account, name, value)
    account.save()
    for name, value in {"street": "2 Low Road", "city": "Leeds", "post_code": "LS1 1AA", "vat_number": "GB980780684",
                        "ap_contact_email": "ap@testbuyer.example"}.items():
        setattr(test_buyer, name, value)
    test_buyer.save()
    return account
