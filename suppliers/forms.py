from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.lib.timezones import language_time_zone, time_zone_names
from portal.lib.identifiers import bic_normalise, iban_normalise, vat_number_normalise
from suppliers.models import SupplierAccount

User = get_user_model()


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name or e-mail"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    # Django's own message names only the user name ("Bitte Benutzername und Passwort eingeben"
    # in German, as if nothing was typed); this one says what was wrong, whichever was typed.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name, e-mail address or password is wrong. Passwords are case-sensitive."),
    }


class VatNumberMixin:
    """Checks the VAT number against the scheme of the chosen country and stores it normalised."""

    def clean(self):
        cleaned = super().clean()
        vat, country = cleaned.get("vat_number"), cleaned.get("country")
        if vat and country:
            try:
                cleaned["vat_number"] = vat_number_normalise(vat, str(country))
            except forms.ValidationError as error:
                self.add_error("vat_number", error)
        return cleaned


def vat_number_field() -> forms.CharField:
    # Typed with spaces and dots as invoices print it; the normalised number fits the model.
    return forms.CharField(label=_("VAT number"), max_length=40, required=False)


# What invoices need of the account beyond its identity (EN 16931 BG-5, BT-30, BG-17): its own
# users may change these at any time, even once customers know the account.
INVOICING_FIELDS = ["street", "post_code", "city", "legal_registration_id", "iban", "bic"]


class InvoicingDetailsMixin:
    """IBAN and BIC checked by schwifty and stored in their electronic format."""

    def clean_iban(self):
        iban = self.cleaned_data["iban"]
        return iban_normalise(iban) if iban.strip() else ""

    def clean_bic(self):
        bic = self.cleaned_data["bic"]
        return bic_normalise(bic) if bic.strip() else ""


def _bank_field(name: str, label) -> forms.CharField:
    # Typed grouped by four as banks print them; stored compact.
    return forms.CharField(label=label, max_length=50, required=False)


class InvoicingDetailsForm(InvoicingDetailsMixin, forms.ModelForm):
    """The account's address, registration id and bank account, alone (the locked page's form)."""

    iban = _bank_field("iban", _("IBAN"))
    bic = _bank_field("bic", _("BIC"))

    class Meta:
        model = SupplierAccount
        fields = INVOICING_FIELDS


class SupplierAccountForm(VatNumberMixin, InvoicingDetailsMixin, forms.ModelForm):
    vat_number = vat_number_field()
    iban = _bank_field("iban", _("IBAN"))
    bic = _bank_field("bic", _("BIC"))

    class Meta:
        model = SupplierAccount
        fields = ["legal_name", "country", "vat_number", *INVOICING_FIELDS]


class SignUpForm(VatNumberMixin, UserCreationForm):
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    legal_name = forms.CharField(
        label=_("Legal name of your first supplier account"), max_length=200
    )
    country = CountryField().formfield(label=_("Country"))
    vat_number = vat_number_field()

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "email"):
            self.fields[name].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Dates and times on the portal and in e-mails are shown in it."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.instance.preferred_language or get_language()
        from_language = gettext("The time zone of my language's country (%(zone)s)") % {
            "zone": language_time_zone(language)
        }
        zones = [(name, name.replace("_", " ")) for name in time_zone_names()]
        self.fields["time_zone"].choices = [("", from_language), *zones]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class AccountSwitchForm(forms.Form):
    account = forms.UUIDField()
