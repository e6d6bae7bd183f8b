from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import InvoiceState
from invoices.selectors import ATTENTION
from portal.forms import compact_helper

SORT_CHOICES = [
    ("-invoice_date", _("Newest first")),
    ("invoice_date", _("Oldest first")),
    ("-amount", _("Largest amount first")),
    ("amount", _("Smallest amount first")),
]


class InvoiceSearchForm(forms.Form):
    q = forms.CharField(max_length=50)


class StatusFilterForm(forms.Form):
    buyer = forms.ChoiceField(required=False, label=_("Customer"))
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *InvoiceState.choices, (ATTENTION, _("On hold, exception or rejected"))],
        required=False,
        label=_("Status"),
    )
    date_from = forms.DateField(required=False, label=_("Invoice date from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("Invoice date to"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_min = forms.DecimalField(required=False, label=_("Amount from"), localize=True, decimal_places=2)
    amount_max = forms.DecimalField(required=False, label=_("Amount to"), localize=True, decimal_places=2)
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
        return cleaned
