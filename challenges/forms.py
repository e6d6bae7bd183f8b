from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.services import Answer
from portal.lib.l10n import AmountField, DateField


class ChallengeAnswerForm(forms.Form):
    """Step 2: the date and amount of the invoice the portal shows."""

    invoice_date = DateField(label=_("Invoice date"))
    amount = AmountField(label=_("Invoice amount"))

    def answer(self) -> Answer:
        return Answer(**self.cleaned_data)


class InvoiceEntryForm(ChallengeAnswerForm):
    """Step 1: the number, date and amount of a recent invoice to this customer."""

    number = forms.CharField(label=_("Invoice number"), max_length=50)
    field_order = ["number", "invoice_date", "amount"]
