"""Drafts through the services, for the documents wing's tests."""

from datetime import date, timedelta
from decimal import Decimal

from customers import services as customer_services
from invoices.documents.services import invoice_draft_save
from invoices.models import Invoice
from suppliers.services import supplier_account_invoicing_update
from tests.factories import make_buyer, make_relationship, make_user

D = Decimal

INVOICING = {
    "street": "14 Victoria Street",
    "post_code": "SW1H 0NB",
    "city": "London",
    "legal_registration_id": "01234567",
    "iban": "GB29NWBK60161331926819",
    "bic": "NWBKGB2L",
}


def ready_account(account):
    """The account with the address, registration id and bank account invoices need."""
    supplier_account_invoicing_update(account=account, **INVOICING)
    account.refresh_from_db()
    return account


def connected_buyer(account, **fields):
    """A German buyer with a VAT number, an address and an AP contact, connected to ``account``."""
    fields = {
        "vat_number": "DE255790071",
        "street": "Friedrichstraße 68",
        "city": "Berlin",
        "post_code": "10117",
        "country": "DE",
    } | fields
    buyer = make_buyer(**fields)
    make_relationship(account, buyer)
    return buyer


def line(description="Paper A4", quantity="2", price="10.00", category="S", rate="19", **fields) -> dict:
    return {
        "description": description,
        "quantity": D(quantity),
        "unit_code": fields.pop("unit_code", "H87"),
        "net_price": D(price),
        "vat_category": category,
        "vat_rate": None if rate is None else D(rate),
        **fields,
    }


def draft(account, buyer=None, *, user=None, lines=None, allowances_charges=(), **fields) -> Invoice:
    """A draft invoice (or credit note, type_code="381") that passes every rule unless told otherwise."""
    user = user or make_user(account.organisation)
    buyer = buyer or connected_buyer(account)
    fields = {
        "buyer_reference": "PO-4711",
        "issue_date": date(2026, 11, 2),
        "due_date": date(2026, 12, 2),
    } | fields
    invoice = Invoice(account=account, buyer=buyer, **fields)
    return invoice_draft_save(
        invoice=invoice,
        lines=[line()] if lines is None else lines,
        allowances_charges=list(allowances_charges),
        acting_user=user,
    )


def the_test_buyer():
    """The network's test buyer, to which every new account is connected."""
    buyer = customer_services.test_buyer_get()
    buyer.ap_contact_email = "ap@testbuyer.example"
    buyer.save()
    return buyer


WEEK = timedelta(days=7)
