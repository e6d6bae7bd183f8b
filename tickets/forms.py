from django import forms
from django.utils.translation import gettext_lazy as _


class TicketRejectForm(forms.Form):
    """The reason support gives the suppliers when rejecting: required, and never only spaces
    (the field strips them before checking)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Give the reason the suppliers will read.")},
    )
