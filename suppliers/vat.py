"""VAT numbers, checked and normalised with python-stdnum wherever the country has a scheme."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.eu.vat import MEMBER_STATES
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.util import get_cc_module

# Where VAT numbers are written with their country prefix; Greece's is EL, not its ISO code.
PREFIXED = {cc.upper(): ("EL" if cc == "el" else cc.upper()) for cc in MEMBER_STATES} | {
    "GR": "EL",
    "GB": "GB",
}


def vat_normalise(number: str, country: str) -> str:
    """`number` in its compact form, with its country prefix where the country uses one.

    Raises ValidationError when the country has a scheme and the number fails it.
    """
    country = country.upper()
    cleaned = re.sub(r"[\s.\-/]", "", number).upper()
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
