import pytest
from django.core.exceptions import ValidationError

from suppliers.forms import SupplierAccountForm
from suppliers.vat import vat_normalise


@pytest.mark.parametrize(
    "number,country,expected",
    [
        ("GB 980 7806 84", "GB", "GB980780684"),
        ("980780684", "GB", "GB980780684"),
        ("it00743110157", "IT", "IT00743110157"),
        ("DE 255.790.071", "DE", "DE255790071"),
        ("EL 094259216", "GR", "EL094259216"),
        ("C 1234-5678", "MY", "C12345678"),  # no scheme for Malaysia: kept, only tidied
    ],
)
def test_it_normalises_valid_numbers(number, country, expected):
    assert vat_normalise(number, country) == expected


@pytest.mark.parametrize("number,country", [("GB980780685", "GB"), ("IT00743110158", "IT"), ("12", "DE")])
def test_it_rejects_numbers_failing_the_countrys_scheme(number, country):
    with pytest.raises(ValidationError):
        vat_normalise(number, country)


def test_the_account_form_shows_a_clear_error_on_the_vat_field(db):
    form = SupplierAccountForm(data={"legal_name": "Adams", "country": "IT", "vat_number": "IT123"})
    assert not form.is_valid()
    assert form.errors["vat_number"] == ["This is not a valid VAT number for the selected country."]


def test_the_account_form_stores_the_normalised_number(db):
    form = SupplierAccountForm(data={"legal_name": "Adams", "country": "GB", "vat_number": "gb 980 7806 84"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_number"] == "GB980780684"
