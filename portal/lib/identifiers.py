"""How the network writes the identifiers a buyer's books and a supplier's typing share: VAT
numbers, network numbers and vendor codes. Each is normalised once, on its way in (forms, imports,
admin, search), by the one function here, so matching is plain equality on stored values.

VAT numbers are checked with python-stdnum wherever the country has a scheme."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu.vat import MEMBER_STATES
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.util import get_cc_module

# Where VAT numbers are written with their country prefix; Greece's is EL, not its ISO code.
PREFIXED = {cc.upper(): ("EL" if cc == "el" else cc.upper()) for cc in MEMBER_STATES} | {
    "GR": "EL",
    "GB": "GB",
}
# What people put between the characters of a number: any space (no-break ones too), dots,
# dashes, slashes.
SEPARATORS = re.compile(r"[\s.\-/]")
WHITESPACE = re.compile(r"\s")


def vat_number_compact(number: str) -> str:
    """A VAT number as it is stored and matched when its country is not known (a buyer's record,
    a search): separators removed, upper case, Greece's GR prefix as EL. "gb 980 7806 84" →
    "GB980780684". A number typed without its prefix stays without it: only the country says
    which prefix it lacks (see vat_number_normalise)."""
    compact = SEPARATORS.sub("", number).upper()
    return "EL" + compact[2:] if compact.startswith("GR") and compact[2:].isdigit() else compact


def vat_number_normalise(number: str, country: str) -> str:
    """`number` in its compact form, with its country prefix where the country uses one; a fixed
    point of vat_number_compact, so a supplier's number and a buyer's record of it meet.

    Raises ValidationError when the country has a scheme and the number fails it.
    """
    country = country.upper()
    cleaned = vat_number_compact(number)
    prefix = PREFIXED.get(country)
    if prefix and cleaned.startswith(prefix):
        cleaned = cleaned[len(prefix) :]
    module = get_cc_module(country.lower(), "vat")
    if module is None:
        return cleaned
    try:
        compact = module.validate(cleaned)
    except InvalidNumber:
        raise ValidationError(
            _("This is not a valid VAT number for the selected country."), code="invalid_vat"
        ) from None
    return f"{prefix}{compact}" if prefix else compact


# A network number once normalised: what the models' fields accept.
network_number_validator = RegexValidator(
    r"^AAA[A-Za-z0-9]{9}$",
    _("A network number is AAA followed by 9 letters or digits."),
)


def network_number_normalise(number: str) -> str:
    """A network number (AAA and 9 letters or digits) as stored: no separators, upper case."""
    return SEPARATORS.sub("", number).upper()


def vendor_code_normalise(code: str) -> str:
    """A vendor code (the supplier's number in a buyer's books) as stored and matched: no
    whitespace anywhere, upper case. Buyers' ERP systems compare vendor codes case-blind and
    print them grouped ("ad 1234 gb" on a remittance) while their exports write them bare, so a
    supplier copying one and a buyer's file both reach "AD1234GB". Dashes, dots and slashes stay:
    unlike spaces they are part of many codes ("V-9" and "V9" may be two vendors)."""
    return WHITESPACE.sub("", code).upper()


# Peppol's Electronic Address Scheme (EAS) code list, the schemes that identify a party by its VAT
# number, by the number's country prefix (OpenPeppol "Code lists for Peppol BIS Billing 3.0", EAS,
# as PEPPOL-EN16931-UBL 3.0.19 checks it). Italy, Denmark, Finland and Sweden have no VAT scheme
# left in the list: their successors (0211 partita IVA, 0184 CVR, 0213 Finnish VAT, 0007 Swedish
# organisation number) are derived from the VAT number too.
VAT_EAS = {
    "AD": "9922", "AL": "9923", "AT": "9914", "BA": "9924", "BE": "9925", "BG": "9926", "CH": "9927",
    "CY": "9928", "CZ": "9929", "DE": "9930", "EE": "9931", "EL": "9933", "ES": "9920", "FR": "9957",
    "GB": "9932", "HR": "9934", "HU": "9910", "IE": "9935", "LI": "9936", "LT": "9937", "LU": "9938",
    "LV": "9939", "MC": "9940", "ME": "9941", "MK": "9942", "MT": "9943", "NL": "9944", "PL": "9945",
    "PT": "9946", "RO": "9947", "RS": "9948", "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952",
    "VA": "9953",
}
GLN_EAS = "0088"


def electronic_address(*, vat_number: str, country: str, network_number: str = "") -> tuple[str, str] | None:
    """A party's Peppol electronic address (EN 16931 BT-34 seller / BT-49 buyer) as (identifier,
    EAS scheme code), derived, never stored: from its VAT number (stored normalised, with its
    country prefix) where the EAS code list has a scheme for that country ("DE123456789" →
    ("DE123456789", "9930")); else from its network number if that is a GLN (13 digits, GS1 check
    digit) → (gln, "0088"); else None (Peppol rules PEPPOL-EN16931-R010/R020 then refuse the
    invoice). `country` (ISO 3166-1 alpha-2) fills in a prefix the number lacks."""
    number = vat_number_compact(vat_number)
    if number:
        prefix = PREFIXED.get(country.upper(), country.upper())
        if not number[:2].isalpha():
            number = prefix + number
        cc, digits = number[:2], number[2:]
        if cc in VAT_EAS:
            return number, VAT_EAS[cc]
        if cc == "IT" and digits.isdigit():
            return digits, "0211"
        if cc == "DK" and digits.isdigit():
            return digits, "0184"
        if cc == "FI" and digits.isdigit():
            return number, "0213"
        if cc == "SE" and len(digits) == 12 and digits.isdigit():
            return digits[:10], "0007"
    if gln_is_valid(network_number):
        return network_number, GLN_EAS
    return None


def gln_is_valid(number: str) -> bool:
    """Whether `number` is a GS1 Global Location Number: 13 digits, the last a GS1 check digit."""
    if len(number) != 13 or not number.isdigit():
        return False
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(number[:12]))
    return (10 - total % 10) % 10 == int(number[12])


def iban_normalise(iban: str) -> str:
    """An IBAN in electronic format (no spaces, upper case), checked by `schwifty` (country
    format and check digits). Raises ValidationError with a message saying what is wrong."""
    try:
        return IBAN(iban).compact
    except SchwiftyException:
        raise ValidationError(
            _("This is not a valid IBAN: check its country code, length and check digits."), code="invalid_iban"
        ) from None


def bic_normalise(bic: str) -> str:
    """A BIC (SWIFT code, 8 or 11 characters) upper case without spaces, checked by `schwifty`.
    Raises ValidationError."""
    try:
        return str(BIC(SEPARATORS.sub("", bic).upper(), allow_invalid=False)).upper()
    except SchwiftyException:
        raise ValidationError(
            _("This is not a valid BIC: it has 8 or 11 letters and digits (e.g. DEUTDEFF)."), code="invalid_bic"
        ) from None
