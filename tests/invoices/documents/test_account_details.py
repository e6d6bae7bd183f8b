"""What the rules need of sellers and buyers: the account's address and bank account (IBAN and
BIC checked by schwifty), editable even once customers know the account; electronic addresses
derived from VAT numbers."""

import pytest
from django.urls import reverse

from portal.lib.identifiers import electronic_address, gln_is_valid
from suppliers.forms import SupplierAccountForm
from tests.factories import make_buyer, make_relationship

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vat_number", "country", "expected"),
    [
        ("DE255790071", "DE", ("DE255790071", "9930")),
        ("FR40303265045", "FR", ("FR40303265045", "9957")),
        ("CZ00177041", "CZ", ("CZ00177041", "9929")),
        ("GB980780684", "GB", ("GB980780684", "9932")),
        ("EL094259216", "GR", ("EL094259216", "9933")),
        ("IT00743110157", "IT", ("00743110157", "0211")),
        ("255790071", "DE", ("DE255790071", "9930")),
        ("", "DE", None),
    ],
)
def test_the_electronic_address_comes_from_the_vat_number(vat_number, country, expected):
    assert electronic_address(vat_number=vat_number, country=country) == expected


def test_a_gln_network_number_is_an_electronic_address_without_a_vat_number():
    assert gln_is_valid("4012345000009") and not gln_is_valid("4012345000008")
    assert electronic_address(vat_number="", country="US", network_number="4012345000009") == ("4012345000009", "0088")
    assert electronic_address(vat_number="", country="US", network_number="AAA123456789") is None


def _form(**fields):
    data = {"legal_name": "Adams", "country": "GB", "vat_number": "", "street": "", "post_code": "", "city": "",
            "legal_registration_id": "", "iban": "", "bic": ""} | fields
    return SupplierAccountForm(data=data)


def test_iban_and_bic_are_checked_and_stored_compact():
    form = _form(iban="gb29 nwbk 6016 1331 9268 19", bic="nwbk gb 2l")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["iban"], form.cleaned_data["bic"]) == ("GB29NWBK60161331926819", "NWBKGB2L")
    bad = _form(iban="GB29NWBK60161331926818", bic="NWBK")
    assert not bad.is_valid()
    assert "check digits" in bad.errors["iban"][0] and "8 or 11" in bad.errors["bic"][0]


def test_the_account_form_saves_the_invoicing_details(org_admin_client, account):
    url = reverse("suppliers:account-edit", args=[account.code])
    data = {"legal_name": account.legal_name, "country": "GB", "vat_number": account.vat_number,
            "street": "14 Victoria Street", "post_code": "SW1H 0NB", "city": "London",
            "legal_registration_id": "01234567", "iban": "GB29 NWBK 6016 1331 9268 19", "bic": "NWBKGB2L"}
    assert org_admin_client.post(url, data).status_code == 302
    account.refresh_from_db()
    assert (account.city, account.iban) == ("London", "GB29NWBK60161331926819")
    refused = org_admin_client.post(url, data | {"iban": "GB00"})
    assert refused.status_code == 200 and "GB00" in refused.content.decode()


def test_a_locked_account_still_edits_its_address_and_bank_account(org_admin_client, account):
    make_relationship(account, make_buyer())
    url = reverse("suppliers:account-edit", args=[account.code])
    page = org_admin_client.get(url).content.decode()
    assert 'data-testid="identity-locked"' in page and 'name="invoicing-iban"' in page
    response = org_admin_client.post(url, {"invoicing": "1", "invoicing-street": "1 Main St", "invoicing-post_code": "E1 6AN",
                                           "invoicing-city": "London", "invoicing-legal_registration_id": "",
                                           "invoicing-iban": "GB29NWBK60161331926819", "invoicing-bic": "",
                                           "legal_name": "Someone Else"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.street, account.iban, account.legal_name) == ("1 Main St", "GB29NWBK60161331926819", "Adams Office Supplies Ltd")
