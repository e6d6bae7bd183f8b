"""A VAT number belongs to one organisation on the network: sign-up, Add account and edit refuse
one another organisation holds, however it is written."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from suppliers.models import Organisation, SupplierAccount
from suppliers.services import supplier_account_create
from tests.factories import make_account, make_org
from tests.locks import until_another_connection_waits_for_a_lock

TAKEN = "This VAT number is already registered on the network. If it is yours, ask support."
WRITTEN = ["GB980780684", "GB 980 7806 84", "gb980780684"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def holder(db):
    """Another organisation, holding GB980780684."""
    holder = make_org("Holder Ltd")
    supplier_account_create(org=holder, legal_name="Holder (GB)", country="GB", vat_number="GB980780684")
    return holder


def _signup(vat_number: str) -> dict:
    return {
        "organisation_name": "Claimant", "legal_name": "Claimant Ltd", "country": "GB", "vat_number": vat_number,
        "username": "claimant", "first_name": "Clara", "last_name": "", "email": "clara@claimant.example",
        "password1": "a-long-test-password", "password2": "a-long-test-password",
    }


@pytest.mark.parametrize("typed", WRITTEN)
def test_sign_up_refuses_a_vat_number_another_organisation_holds(client, holder, typed):
    response = client.post(reverse("suppliers:signup"), _signup(typed))
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert response.context["form"]["vat_number"].value() == typed  # what was typed stays
    assert not Organisation.objects.filter(name="Claimant").exists()
    assert not SupplierAccount.objects.filter(legal_name="Claimant Ltd").exists()


@pytest.mark.parametrize("typed", WRITTEN)
def test_add_account_refuses_a_vat_number_another_organisation_holds(org_admin_client, org, holder, typed):
    response = org_admin_client.post(
        reverse("suppliers:account-add"), {"legal_name": "Adams (GB 2)", "country": "GB", "vat_number": typed}
    )
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not org.accounts.filter(legal_name="Adams (GB 2)").exists()


@pytest.mark.parametrize("typed", WRITTEN)
def test_edit_refuses_a_vat_number_another_organisation_holds(org_admin_client, org, holder, typed):
    account = make_account(org, "Adams (DE)")  # connected to the test buyer only: still editable
    response = org_admin_client.post(
        reverse("suppliers:account-edit", args=[account.code]),
        {"legal_name": "Adams (GB)", "country": "GB", "vat_number": typed},
    )
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert "<h1>Adams (DE)</h1>" in response.content.decode()
    account.refresh_from_db()
    assert (account.legal_name, account.vat_number) == ("Adams (DE)", "")


def test_the_organisations_own_accounts_may_share_a_vat_number(org_admin_client, org, account):
    response = org_admin_client.post(
        reverse("suppliers:account-add"),
        {"legal_name": "Adams (GB), second division", "country": "GB", "vat_number": account.vat_number.lower()},
    )
    assert response.status_code == 302
    assert org.accounts.filter(vat_number=account.vat_number).count() == 2


def test_an_account_without_a_vat_number_takes_nobodys(org_admin_client, org, holder):
    supplier_account_create(org=holder, legal_name="Holder (MY)", country="MY", vat_number="")
    response = org_admin_client.post(reverse("suppliers:account-add"), {"legal_name": "Adams (MY)", "country": "MY", "vat_number": ""})
    assert response.status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisations_claiming_one_vat_number_at_once_get_it_once():
    """The first claim holds its transaction open until the second waits; the second then sees
    the first's account and is refused."""
    first, second = Organisation.objects.create(name="First"), Organisation.objects.create(name="Second")
    claimed = threading.Event()

    def first_claim():
        try:
            with transaction.atomic():
                supplier_account_create(org=first, legal_name="First Ltd", country="GB", vat_number="GB980780684")
                claimed.set()
                until_another_connection_waits_for_a_lock("the second claim")
        finally:
            connection.close()

    claim = threading.Thread(target=first_claim)
    claim.start()
    assert claimed.wait(10)
    with pytest.raises(ValidationError) as refusal:
        supplier_account_create(org=second, legal_name="Second Ltd", country="GB", vat_number="GB980780684")
    claim.join()
    assert refusal.value.message_dict == {"vat_number": [TAKEN]}
    assert list(SupplierAccount.objects.filter(vat_number="GB980780684").values_list("legal_name", flat=True)) == [
        "First Ltd"
    ]
