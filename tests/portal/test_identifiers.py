import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.lib.identifiers import (
    network_number_normalise,
    vat_number_compact,
    vat_number_normalise,
    vendor_code_normalise,
)
from suppliers.forms import SupplierAccountForm


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
    assert vat_number_normalise(number, country) == expected


@pytest.mark.parametrize("number,country", [("GB980780685", "GB"), ("IT00743110158", "IT"), ("12", "DE")])
def test_it_rejects_numbers_failing_the_countrys_scheme(number, country):
    with pytest.raises(ValidationError):
        vat_number_normalise(number, country)


def test_the_account_form_shows_a_clear_error_on_the_vat_field(db):
    with translation.override("en"):  # whatever language an earlier test left active
        form = SupplierAccountForm(data={"legal_name": "Adams", "country": "IT", "vat_number": "IT123"})
        assert not form.is_valid()
        assert form.errors["vat_number"] == ["This is not a valid VAT number for the selected country."]


def test_the_account_form_stores_the_normalised_number(db):
    form = SupplierAccountForm(data={"legal_name": "Adams", "country": "GB", "vat_number": "gb 980 7806 84"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_number"] == "GB980780684"


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("GB 980 7806 84", "GB980780684"),
        ("gb980780684", "GB980780684"),
        ("gb.980-7806/84", "GB980780684"),
        ("GR 094259216", "EL094259216"),
        ("CZ\u00a000177041", "CZ00177041"),  # a no-break space, as spreadsheets export
        ("980780684", "980780684"),  # no prefix, no country: nothing to add it from
    ],
)
def test_a_vat_number_without_its_country_is_compacted(typed, expected):
    assert vat_number_compact(typed) == expected


@pytest.mark.parametrize("number,country", [("GB 980 7806 84", "GB"), ("it 00743110157", "IT"), ("EL 094259216", "GR")])
def test_a_normalised_vat_number_is_its_own_compact_form(number, country):
    """What a supplier registers and what a buyer's file carries meet on the same value."""
    normalised = vat_number_normalise(number, country)
    assert vat_number_compact(normalised) == normalised
    assert vat_number_compact(number) == normalised


@pytest.mark.parametrize("typed", ["AAA014773592", "aaa 014 773 592", " aaa-014773592 ", "Aaa014.773.592"])
def test_a_network_number_is_upper_case_without_separators(typed):
    assert network_number_normalise(typed) == "AAA014773592"


@pytest.mark.parametrize("typed", ["ADAMS-GB", " adams-gb ", "Adams - GB", "adams-\tgb"])
def test_a_vendor_code_loses_its_spaces_and_case(typed):
    assert vendor_code_normalise(typed) == "ADAMS-GB"


def test_a_vendor_code_keeps_its_dashes():
    assert vendor_code_normalise("V-9") != vendor_code_normalise("V9")
