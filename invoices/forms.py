from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import InvoiceState
from invoices.models import InvoiceStatus
from invoices.selectors import ATTENTION
from portal.lib.forms import compact_helper
from portal.lib.l10n import AmountField, DateField

SORT_CHOICES = [
    ("-invoice_date", _("Newest first")),
    ("invoice_date", _("Oldest first")),
    ("-amount", _("Largest amount first")),
    ("amount", _("Smallest amount first")),
]


class InvoiceSearchForm(forms.Form):
    q = forms.CharField(max_length=InvoiceStatus._meta.get_field("invoice_number").max_length + 1)  # + 1: a "*"


AMOUNT_DIGITS = InvoiceStatus._meta.get_field("amount").max_digits


class StatusFilterForm(forms.Form):
    """The filters of "Where is my invoice?" and of its export. An invalid one must narrow the
    list to nothing, never drop out and widen it: use `filters()`, not `cleaned_data`."""

    buyer = forms.ChoiceField(required=False, label=_("Customer"))
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *InvoiceState.choices, (ATTENTION, _("On hold, exception or rejected"))],
        required=False,
        label=_("Status"),
    )
    date_from = DateField(required=False, label=_("Invoice date from"))
    date_to = DateField(required=False, label=_("Invoice date to"))
    amount_min = AmountField(required=False, label=_("Amount from"), max_digits=AMOUNT_DIGITS)
    amount_max = AmountField(required=False, label=_("Amount to"), max_digits=AMOUNT_DIGITS)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort"))

    def __init__(self, *args, buyers: list[tuple[int, str, str]], **kwargs):
        """`buyers`: the customers with invoices, as (id, network number, name). A plain list, not a
        queryset: a model choice field reads its choices through a server-side cursor and looks
        the chosen one up again, three more round trips on a page that must be fast."""
        super().__init__(*args, **kwargs)
        self.buyer_ids = {number: pk for pk, number, _name in buyers}
        self.fields["buyer"].choices = [("", _("All customers")), *((number, name) for _pk, number, name in buyers)]
        self.helper = compact_helper(self, wrapper_class="col-sm-6 col-lg-3")

    def clean_buyer(self) -> int | None:
        return self.buyer_ids.get(self.cleaned_data["buyer"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        smallest, largest = cleaned.get("amount_min"), cleaned.get("amount_max")
        if smallest is not None and largest is not None and smallest > largest:
            self.add_error("amount_max", _("The largest amount is below the smallest."))
        return cleaned

    def filters(self) -> dict | None:
        """The filters to apply: {} when none were given, None when any is invalid (the list then
        shows the errors and no rows)."""
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else None
