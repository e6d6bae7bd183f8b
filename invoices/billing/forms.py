"""Settings → Integration: the billing system, its credentials and the options."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from invoices.billing.base import CredentialField
from invoices.billing.registry import ADAPTERS, system_choices
from invoices.billing.webhook import PRIVATE_ADDRESS, receiver_url_allowed
from invoices.models import BillingIntegration
from portal.lib.encryption import SecretUnreadable


def _field_name(system: str, name: str) -> str:
    return f"{system}_{name}"


def _receiver_public(url: str) -> None:
    if not receiver_url_allowed(url):
        raise ValidationError(PRIVATE_ADDRESS, code="private_address")


def _form_field(field: CredentialField, *, saved: bool) -> forms.Field:
    help_text = field.help_text
    if field.secret:
        # A saved secret is never sent back to the browser: an empty field keeps it.
        if saved:
            help_text = _("Saved. Leave empty to keep it.")
        return forms.CharField(
            label=field.label, required=False, help_text=help_text, widget=forms.PasswordInput(render_value=False)
        )
    if field.kind == "url":
        return forms.URLField(
            label=field.label, required=False, help_text=help_text, assume_scheme="https", validators=[_receiver_public]
        )
    if field.kind == "integer":
        return forms.IntegerField(label=field.label, required=False, min_value=1, help_text=help_text)
    return forms.CharField(label=field.label, required=False, max_length=200, help_text=help_text)


class BillingIntegrationForm(forms.Form):
    system = forms.ChoiceField(label=_("Billing system"), choices=system_choices, widget=forms.RadioSelect)
    issue_zero_total = forms.BooleanField(label=_("Issue an invoice when the total is zero"), required=False)
    auto_push = forms.BooleanField(
        label=_("Create each sent invoice in the billing system automatically"), required=False, initial=True
    )
    include_link_in_email = forms.BooleanField(
        label=_("Include the billing system's invoice link in the e-mail to the buyer"), required=False
    )

    def __init__(self, *args, saved: BillingIntegration | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = saved
        try:
            saved_values = saved.credentials if saved else {}
        except SecretUnreadable:
            saved_values = {}  # a key was dropped too early: the credentials must be typed again
        fieldsets = []
        for system, adapter in ADAPTERS.items():
            names = []
            for field in adapter.credential_fields:
                name = _field_name(system, field.name)
                is_saved = bool(saved and saved.system == system and saved_values.get(field.name))
                self.fields[name] = _form_field(field, saved=is_saved)
                if saved and saved.system == system and not field.secret:
                    self.initial.setdefault(name, saved_values.get(field.name, ""))
                names.append(name)
            fieldsets.append(Fieldset(adapter.label, *names, css_class=f"billing-system billing-system-{system}"))
        if saved:
            for name in ("system", "issue_zero_total", "auto_push", "include_link_in_email"):
                self.initial.setdefault(name, getattr(saved, name))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("system"),
            Div(*fieldsets),
            Field("issue_zero_total"),
            Field("auto_push"),
            Field("include_link_in_email"),
        )

    def clean(self):
        cleaned = super().clean()
        system = cleaned.get("system")
        if not system:
            return cleaned
        adapter = ADAPTERS[system]
        try:
            saved = self.saved.credentials if self.saved and self.saved.system == system else {}
        except SecretUnreadable:
            saved = {}
        credentials = {}
        for field in adapter.credential_fields:
            value = cleaned.get(_field_name(system, field.name))
            value = "" if value is None else str(value).strip()
            if field.secret and not value:
                value = saved.get(field.name, "")
            if value:
                credentials[field.name] = value
        for name in adapter.credentials_missing(credentials):
            self.add_error(_field_name(system, name), _("Enter this to connect %(system)s.") % {"system": adapter.label})
        cleaned["credentials"] = credentials
        return cleaned
