from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import InvoiceState
from invoices.selectors import ATTENTION

SORT_CHOICES = [
    ("-invoice_date", _("Newest first")),
    ("invoice_date", _("Oldest first")),
    ("-amount", _("Largest amount first")),
    ("amount", _("Smallest amount first")),
]


class InvoiceSearchForm(forms.Form):
    q = forms.CharField(max_length=50)


class StatusFilterForm(forms.Form):
    buyer = forms.ModelChoiceField(queryset=None, required=False, label=_("Customer"), to_field_name="network_number")
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

    def __init__(self, *args, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers
        self.fields["buyer"].empty_label = _("All customers")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
