from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lib.identifiers import network_number_normalise, vendor_code_normalise
from portal.lib.uploads import upload_checked


class ConnectChoiceForm(forms.Form):
    """What the search picked: a buyer entity by network number, or a group."""

    buyer = forms.CharField(max_length=40, required=False)
    group = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)

    def clean_buyer(self):
        return network_number_normalise(self.cleaned_data["buyer"])


class ConnectForm(forms.Form):
    account = forms.ModelChoiceField(
        queryset=None,
        to_field_name="code",
        label=_("Select an account"),
        help_text=_("Before we can proceed, please select the account you would like to link this customer to."),
        empty_label=None,
    )
    entities = forms.ModelMultipleChoiceField(
        queryset=None,
        to_field_name="network_number",
        widget=forms.CheckboxSelectMultiple,
        label=_("Customer entities"),
        error_messages={"required": _("Select the entities you want to connect with, or select the buyer group.")},
        required=False,
    )
    whole_group = forms.BooleanField(label=_("Select the whole group"), required=False)
    vendor_code = forms.CharField(
        label=_("Vendor Code"),
        max_length=50,
        required=False,
        help_text=_("Your number in your customer's books, if you know it."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_(
            "If you have any supporting document to identify your company to the chosen customer, "
            "please attach here, e.g. PO, invoice, remittance advice, contract (PDF, PNG, JPEG or TIFF, at most 10 MB)."
        ),
    )

    def __init__(self, *args, accounts, entities, open_entities, **kwargs):
        """`entities` may be ticked; `open_entities` are those still available to ask."""
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["entities"].queryset = entities
        self.open_entities = list(open_entities)

    def clean_vendor_code(self):
        return vendor_code_normalise(self.cleaned_data["vendor_code"])

    def clean_attachment(self):
        return upload_checked(self.cleaned_data.get("attachment"))

    def clean(self):
        cleaned = super().clean()
        chosen = self.open_entities if cleaned.get("whole_group") else list(cleaned.get("entities") or [])
        if not chosen and "entities" not in self.errors:
            self.add_error("entities", self.fields["entities"].error_messages["required"])
        cleaned["buyers"] = chosen
        return cleaned


class RequestMessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class BuyerAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("reject", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason (optional, if you reject)"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        required=False,
        max_length=2000,
    )
