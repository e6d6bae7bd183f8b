from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lib.uploads import upload_checked

ATTACHMENT_HELP = _("PDF, PNG, JPEG or TIFF, at most 10 MB.")


class TicketRejectForm(forms.Form):
    """The reason support gives the suppliers when rejecting: required, and never only spaces
    (the field strips them before checking)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Give the reason the suppliers will read.")},
    )


class TicketReplyForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)

    def clean_attachment(self):
        return upload_checked(self.cleaned_data.get("attachment"))


class TicketRaiseForm(TicketReplyForm):
    """A new ticket. `accounts` are the organisation's own, those it may be about."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    account = forms.ModelChoiceField(
        label=_("About which supplier account"), queryset=None, required=False, empty_label=_("None in particular")
    )
    field_order = ["subject", "account", "body", "attachment"]

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class AccountDetailsChangeForm(forms.Form):
    """What support should change in a locked account's details, and why."""

    changes = forms.CharField(
        label=_("What should change, and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("For example the new legal name, country or VAT number, and the reason (a merger, a new registration)."),
    )
