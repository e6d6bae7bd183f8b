"""Each of our rules refuses what it should, at the field it concerns, and sending refuses too."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from invoices.documents import services
from invoices.documents.rules import check
from invoices.models import DocumentState
from suppliers.models import SupplierAccount
from tests.factories import make_user
from tests.invoices.documents.makers import D, connected_buyer, draft, line, ready_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(account):
    return ready_account(account)


def _account_without(account, **blank) -> SupplierAccount:
    SupplierAccount.objects.filter(pk=account.pk).update(**blank)
    account.refresh_from_db()
    return account


def test_a_valid_draft_breaks_no_rule(ready):
    assert check(draft(ready)) == []


# (rule id, part, field, how to make the draft break it)
CASES = {
    "BR-16": ("line", "", lambda a: draft(a, lines=[])),
    "PEPPOL-EN16931-R003": ("invoice", "buyer_reference", lambda a: draft(a, buyer_reference="")),
    "BR-CO-25": ("invoice", "due_date", lambda a: draft(a, due_date=None)),
    "PORTAL-01": ("invoice", "due_date", lambda a: draft(a, due_date=date(2026, 1, 1))),
    "PORTAL-02": ("line", "", lambda a: draft(a, lines=[line(quantity="-1")])),
    "BR-25": ("line", "description", lambda a: draft(a, lines=[line(), line(description=" ")])),
    "BR-27": ("line", "net_price", lambda a: draft(a, lines=[line(price="-1")])),
    "BR-41": ("line", "allowance", lambda a: draft(a, lines=[line(allowance=D("-1"))])),
    "BR-S-05": ("line", "vat_rate", lambda a: draft(a, lines=[line(rate="0")])),
    "BR-Z-05": ("line", "vat_rate", lambda a: draft(a, lines=[line(category="Z", rate="5")])),
    "BR-AE-05": ("line", "vat_rate", lambda a: draft(a, lines=[line(category="AE", rate="19")])),
    "BR-IC-05": ("line", "vat_rate", lambda a: draft(a, lines=[line(category="K", rate="19")])),
    "BR-O-05": ("line", "vat_rate", lambda a: draft(a, lines=[line(category="O", rate="19")])),
    "BR-S-06": (
        "allowance_charge", "vat_rate",
        lambda a: draft(a, allowances_charges=[{"amount": D("1"), "reason": "Loyalty", "vat_category": "S", "vat_rate": None}]),
    ),
    "BR-E-10": ("line", "exemption_reason", lambda a: draft(a, lines=[line(category="E", rate="0")])),
    "BR-S-10": ("line", "exemption_reason", lambda a: draft(a, lines=[line(exemption_reason="Exempt")])),
    "BR-CL-22": ("line", "exemption_code", lambda a: draft(a, lines=[line(category="E", rate="0", exemption_code="132")])),
    "BR-O-11": ("line", "vat_category", lambda a: draft(a, lines=[line(), line(category="O", rate=None)])),
    "BR-33": (
        "allowance_charge", "reason",
        lambda a: draft(a, allowances_charges=[{"amount": D("1"), "reason": "", "vat_category": "S", "vat_rate": D("19")}]),
    ),
    "BR-38": (
        "allowance_charge", "reason",
        lambda a: draft(a, allowances_charges=[{"is_charge": True, "amount": D("1"), "reason": "", "vat_category": "S", "vat_rate": D("19")}]),
    ),
    "BR-31": (
        "allowance_charge", "amount",
        lambda a: draft(a, allowances_charges=[{"amount": D("0"), "reason": "Loyalty", "vat_category": "S", "vat_rate": D("19")}]),
    ),
    "BR-55": ("invoice", "preceding_invoice", lambda a: draft(a, type_code="381")),
    "BR-08": ("account", "street", lambda a: draft(_account_without(a, street=""))),
    "BR-61": ("account", "iban", lambda a: draft(_account_without(a, iban=""))),
    "BR-CO-26": ("account", "legal_registration_id", lambda a: draft(_account_without(a, legal_registration_id=""), lines=[line(category="O", rate=None)])),
    "BR-S-02": ("account", "vat_number", lambda a: draft(_account_without(a, vat_number=""))),
    "PEPPOL-EN16931-R020": ("account", "vat_number", lambda a: draft(_account_without(a, vat_number=""))),
    "PEPPOL-EN16931-R010": ("buyer", "vat_number", lambda a: draft(a, connected_buyer(a, vat_number=""))),
    "BR-AE-02": ("buyer", "vat_number", lambda a: draft(a, connected_buyer(a, vat_number=""), lines=[line(category="AE", rate=None)])),
    "PORTAL-04": ("invoice", "buyer", lambda a: draft(a, connected_buyer(a, accepts_invoices=False))),
}


@pytest.mark.parametrize("rule_id", list(CASES))
def test_each_rule_refuses_what_it_should_at_its_field(ready, rule_id, django_capture_on_commit_callbacks):
    part, field, make = CASES[rule_id]
    invoice = make(ready)

    errors = [error for error in check(invoice) if error.rule_id == rule_id]
    assert errors, f"{rule_id} did not refuse: {check(invoice)}"
    assert (errors[0].part, errors[0].field) == (part, field)
    assert errors[0].message and not errors[0].message.startswith(rule_id)
    with pytest.raises(services.InvoiceRefused) as refused, django_capture_on_commit_callbacks(execute=True):
        services.invoice_send(invoice=invoice, acting_user=make_user(ready.organisation))
    assert rule_id in {error.rule_id for error in refused.value.errors}
    invoice.refresh_from_db()
    assert (invoice.state, invoice.number) == (DocumentState.DRAFT, "")


def test_a_credit_note_corrects_one_of_the_accounts_sent_invoices(ready, org):
    from tests.factories import make_account

    unsent = draft(ready)
    assert "BR-55" in {e.rule_id for e in check(draft(ready, type_code="381", credit_reason="", preceding_invoice=None))}
    with pytest.raises(ValidationError) as refused:
        draft(ready, type_code="381", preceding_invoice=unsent)
    assert "preceding_invoice" in refused.value.message_dict
    other = ready_account(make_account(org))
    with pytest.raises(ValidationError) as refused:
        draft(other, type_code="381", preceding_invoice=unsent)
    assert "preceding_invoice" in refused.value.message_dict


def test_the_messages_speak_the_users_language(ready):
    from django.utils import translation

    with translation.override("de"):
        [error] = check(draft(ready, buyer_reference=""))
    assert error.message.startswith("Geben Sie die Referenz des Kunden")
