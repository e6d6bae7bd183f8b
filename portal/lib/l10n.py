"""Dates and amounts typed the way the user's language writes them ("10.08.2015", "4 508,00")."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils.formats import get_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Languages that group digits with a space may type any of these: space, no-break space, thin
# space, narrow no-break space.
SPACES = "\u0020\u00a0\u2009\u202f"
# A credit note's amount is negative: typed with a hyphen, or copied with a minus sign.
MINUS_SIGNS = "-\u2212"


def _amount_pattern(decimal_places: int = 2) -> re.Pattern:
    decimal_mark = get_format("DECIMAL_SEPARATOR")
    grouping = get_format("THOUSAND_SEPARATOR")
    groups_by_space = grouping in SPACES
    group_marks = SPACES if groups_by_space else grouping
    # Where digits are grouped by spaces, a point cannot be a grouping mark: it is a decimal mark.
    decimal_marks = decimal_mark + ("." if groups_by_space else "")
    group_class = "".join(map(re.escape, group_marks))
    decimal_class = "".join(map(re.escape, decimal_marks))
    return re.compile(
        rf"(?P<minus>[{MINUS_SIGNS}])?"
        rf"(?P<units>\d{{1,3}}(?:[{group_class}]\d{{3}})+|\d+)(?:[{decimal_class}](?P<cents>\d{{1,{decimal_places}}}))?"
    )


def amount_parse(text: str, *, decimal_places: int = 2) -> Decimal | None:
    """`text` as an amount in the active language ("4 508,00" in Czech, "4.508,00" in German,
    "4,508.00" in English, "4508" in all, "-120,00" for a credit note), or None when it is not
    one. Grouping marks must group by three and there are at most `decimal_places` decimals
    (two for money; a quantity or unit price may take more), so "4.50" in German is refused,
    not read as 450. The result has exactly `decimal_places` decimals."""
    match = _amount_pattern(decimal_places).fullmatch(text.strip())
    if match is None:
        return None
    units = re.sub(r"\D", "", match["units"])
    sign = "-" if match["minus"] else ""
    return Decimal(f"{sign}{units}.{match['cents'] or '0'}").quantize(Decimal(1).scaleb(-decimal_places))


def amount_example() -> str:
    """An amount as the active language writes it ("4,508.00", "4.508,00", "4 508,00")."""
    return number_format(Decimal("4508.00"), 2, force_grouping=True)


def date_example() -> str:
    """A date as the active language types it: the 25th, so that day and month cannot be
    mistaken for each other ("25/08/2015", "25.08.2015", "2015.08.25.")."""
    return DatePickerInput().format_value(date(2015, 8, 25))


def _hint(example) -> str:
    return gettext("For example %(example)s") % {"example": example()}


# The hint under a field, in the language of the page it is rendered on, not of the import.
amount_hint = lazy(lambda: _hint(amount_example), str)
date_hint = lazy(lambda: _hint(date_example), str)


class AmountField(forms.Field):
    """An amount as the active language writes it, negative ones too; the cleaned value is a
    Decimal to the cent (or to `decimal_places`: a quantity, a unit price). `max_digits`: the
    model field's, so that a value the column cannot hold is a form error, not a database error."""

    MAX_LENGTH = 30
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": MAX_LENGTH})
    default_error_messages = {"invalid": _("Enter an amount such as %(example)s.")}

    def __init__(self, *, max_digits: int | None = None, decimal_places: int = 2, **kwargs):
        kwargs.setdefault("help_text", amount_hint())
        super().__init__(**kwargs)
        self.decimal_places = decimal_places
        if max_digits is not None:
            self.validators.append(DecimalValidator(max_digits, decimal_places))

    def prepare_value(self, value):
        """A stored amount shown as the active language writes it, so that it reads back the same
        ("2,5" in German, not "2.5000"): money with its two decimals, a quantity or price with the
        decimals it has."""
        if not isinstance(value, Decimal) or not value.is_finite():
            return value
        places = 2 if self.decimal_places == 2 else max(0, min(-value.normalize().as_tuple().exponent, self.decimal_places))
        return number_format(value, places, force_grouping=True)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        amount = amount_parse(value, decimal_places=self.decimal_places) if len(value) <= self.MAX_LENGTH else None
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"example": amount_example()})
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
    """A date as the active language types it, with an example of the format under the box."""

    widget = DatePickerInput(attrs={"autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter a date such as %(example)s.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", date_hint())
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"example": date_example()}
            ) from error
