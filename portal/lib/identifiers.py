"""How the network writes the identifiers a buyer's books and a supplier's typing share: VAT
numbers, network numbers and vendor codes. Each is normalised once, on its way in (forms, imports,
admin, search), by the one function here, so matching is plain equality on stored values.

VAT numbers are checked with python-stdnum wherever the country has a scheme."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
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
