"""Dates and amounts typed the way the user's language writes them ("10.08.2015", "4 508,00")."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

# Languages that group digits with a space may type any of these: space, no-break space, thin
# space, narrow no-break space.
SPACES = "\u0020\u00a0\u2009\u202f"


def _amount_pattern() -> re.Pattern:
    decimal_mark = get_format("DECIMAL_SEPARATOR")
    grouping = get_format("THOUSAND_SEPARATOR")
    groups_by_space = grouping in SPACES
    group_marks = SPACES if groups_by_space else grouping
    # Where digits are grouped by spaces, a point cannot be a grouping mark: it is a decimal mark.
    decimal_marks = decimal_mark + ("." if groups_by_space else "")
    group_class = "".join(map(re.escape, group_marks))
    decimal_class = "".join(map(re.escape, decimal_marks))
    return re.compile(
        rf"(?P<units>\d{{1,3}}(?:[{group_class}]\d{{3}})+|\d+)(?:[{decimal_class}](?P<cents>\d{{1,2}}))?"
    )


def amount_parse(text: str) -> Decimal | None:
    """`text` as an amount in the active language ("4 508,00" in Czech, "4.508,00" in German,
    "4,508.00" in English, "4508" in all), or None when it is not one. Grouping marks must group
    by three and there are at most two decimals, so "4.50" in German is refused, not read as 450."""
    match = _amount_pattern().fullmatch(text.strip())
    if match is None:
        return None
    units = re.sub(r"\D", "", match["units"])
    return Decimal(f"{units}.{match['cents'] or '0'}").quantize(Decimal("0.01"))


class AmountField(forms.Field):
    """An amount as the active language writes it; the cleaned value is a Decimal to the cent."""

    MAX_LENGTH = 30
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": MAX_LENGTH})
    default_error_messages = {"invalid": _("Enter an amount such as %(example)s.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        amount = amount_parse(value) if len(value) <= self.MAX_LENGTH else None
        if amount is None:
            example = number_format(Decimal("4508.00"), 2, force_grouping=True)
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"example": example})
        return amount


class DatePickerInput(forms.DateInput):
    """A text box for the date as the user's language writes it, with a calendar button beside it
    (portal/static/portal/date-picker.js) that fills the box in the same format."""

    template_name = "portal/widgets/date_picker.html"

    class Media:
        js = ["portal/date-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["date_format"] = self.format or get_format(self.format_key)[0]
        return context


class DateField(forms.DateField):
    widget = DatePickerInput(attrs={"autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter a date such as %(example)s.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            example = self.widget.format_value(date(2015, 8, 10))
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"example": example})
