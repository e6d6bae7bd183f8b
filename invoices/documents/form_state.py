"""What the invoice form shows beside its fields: the totals of what is typed (before anything is
saved), the summary of its errors at the top, and our rules' errors placed at their fields."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from invoices.documents.en16931 import AllowanceCharge
from invoices.documents.forms import CHARGES_PREFIX, LINES_PREFIX
from invoices.documents.rules import RuleError
from invoices.documents.totals import LineAmounts, compute
from invoices.models.documents import CURRENCIES
from portal.lib.l10n_tags import amount


def _typed(form: forms.BaseForm, name: str):
    """The field's value as typed (bound) or as stored (unbound), cleaned; None when it cannot
    be read yet."""
    field = form.fields[name]
    bound = form[name]
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name)) if form.is_bound else bound.initial
    try:
        return field.clean(raw)
    except ValidationError:
        return None


def _deleted(form: forms.BaseForm) -> bool:
    return form.is_bound and "DELETE" in form.fields and bool(_typed(form, "DELETE"))


def _lines(formset):
    """(form, LineAmounts or None) of each line not removed."""
    for form in formset.forms:
        if _deleted(form):
            continue
        quantity, price = _typed(form, "quantity"), _typed(form, "net_price")
        category = _typed(form, "vat_category")
        if quantity is None or price is None or not category:
            yield form, None
            continue
        yield form, LineAmounts(
            quantity=quantity,
            net_price=price,
            vat_category=category,
            vat_rate=_typed(form, "vat_rate"),
            allowance=_typed(form, "allowance") or 0,
        )


def _charges(formset):
    for form in formset.forms:
        if _deleted(form):
            continue
        value, category = _typed(form, "amount"), _typed(form, "vat_category")
        if value is None or not category:
            yield None
            continue
        yield AllowanceCharge(
            is_charge=bool(_typed(form, "is_charge")), amount=value, vat_category=category, vat_rate=_typed(form, "vat_rate")
        )


def typed_totals(form, lines, charges) -> dict:
    """The template context of templates/invoicing/_totals.html: the totals (invoices.documents.
    totals.compute, the one function) of the lines and allowances/charges that can be read, each
    line's net amount by its row, and whether some rows were left out. Nothing is saved."""
    currency = _typed(form, "currency") if "currency" in form.fields else None
    currency = currency if currency in CURRENCIES else CURRENCIES[0]
    typed_lines = list(_lines(lines))
    typed_charges = list(_charges(charges))
    readable = [line for _form, line in typed_lines if line is not None]
    computed = compute(currency, readable, [item for item in typed_charges if item is not None]) if readable else None
    nets = iter(computed.line_nets if computed else ())
    line_nets = [(line_form.prefix, amount(next(nets)) if line is not None else "") for line_form, line in typed_lines]
    skipped = any(line is None for _form, line in typed_lines) or any(item is None for item in typed_charges)
    return {"totals": computed, "currency": currency, "line_nets": line_nets, "skipped_rows": skipped}


@dataclass(frozen=True)
class SummaryError:
    target: str  # the id of the input the error concerns ("" for the whole form)
    label: str
    message: str


def _form_errors(form: forms.BaseForm, row_label: str = "") -> list[SummaryError]:
    found = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            found += [SummaryError("", row_label, message) for message in errors]
            continue
        label = f"{form.fields[name].label} ({row_label})" if row_label else str(form.fields[name].label)
        found += [SummaryError(form[name].auto_id, label, message) for message in errors]
    return found


ROW_LABELS = {LINES_PREFIX: gettext_lazy("line %(number)s"), CHARGES_PREFIX: gettext_lazy("allowance or charge %(number)s")}


def error_summary(form, *formsets) -> list[SummaryError]:
    """Every error of the page, in the order of the fields, each linking to its input."""
    if not form.is_bound:
        return []
    found = _form_errors(form)
    for formset in formsets:
        found += [SummaryError("", "", message) for message in formset.non_form_errors()]
        for index, row in enumerate(formset.forms):
            if _deleted(row):
                continue
            found += _form_errors(row, str(ROW_LABELS[formset.prefix]) % {"number": index + 1})
    return found


def rows_typed(formset) -> list[dict]:
    """The rows of a valid formset as the services take them: the cleaned fields of each row not
    removed, in the order shown (rows left empty dropped)."""
    return [
        {name: value for name, value in form.cleaned_data.items() if name not in ("id", "invoice", "DELETE")}
        for form in formset.forms
        if form.has_changed() or form.instance.pk
        if not _deleted(form)
    ]


def _shown(formset) -> list[forms.BaseForm]:
    """The rows still on the page, in order: what the rules' `index` counts."""
    return [form for form in formset.forms if not _deleted(form) and (form.has_changed() or form.instance.pk)]


PART_PREFIX = {
    "account": gettext_lazy("Your account's details (My account → the account's page): %(message)s"),
    "buyer": gettext_lazy("The customer's details (Help & Support can change them): %(message)s"),
}


def rule_errors_place(errors: list[RuleError], form, lines, charges) -> None:
    """Our rules' errors (invoices.documents.rules.check, or the official rules') at the fields
    they concern: the header's, a line's or an allowance's (by its index among the rows shown);
    the rest, and the account's and customer's details, above the form."""
    rows = {"line": _shown(lines), "allowance_charge": _shown(charges)}
    for error in errors:
        message = error.message
        if error.part in PART_PREFIX:
            form.add_error(None, str(PART_PREFIX[error.part]) % {"message": message})
            continue
        place = form
        if error.part in rows:
            shown = rows[error.part]
            place = shown[error.index] if error.index is not None and error.index < len(shown) else form
        field = error.field if error.field in place.fields else None
        if field is None and place is form:
            # Above the form: the rule's id too, which support and the official texts go by.
            message = f"{message} ({error.rule_id})"
        place.add_error(field, message)
