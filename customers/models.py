"""The buyer directory: shared by all tenants, written only by imports, admin and the demo."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from suppliers.models import network_number_validator


class BuyerEntity(models.Model):
    """A legal entity that accepts e-invoices (and maybe credit notes) through the network."""

    network_number = models.CharField(
        _("network number"), max_length=12, unique=True, validators=[network_number_validator]
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    country = CountryField(_("country"))
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    ap_contact_name = models.CharField(_("AP contact name"), max_length=200, blank=True)
    ap_contact_email = models.EmailField(_("AP contact e-mail"), blank=True)
    ap_contact_language = models.CharField(
        _("AP contact language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("E-mails to the AP contact are written in this language; English if unknown."),
    )
    accepts_invoices = models.BooleanField(_("accepts invoices"), default=True)
    accepts_credit_notes = models.BooleanField(_("accepts credit notes"), default=True)
    is_test_buyer = models.BooleanField(_("test buyer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("buyer entity")
        verbose_name_plural = _("buyer entities")
        ordering = ["legal_name"]

    def __str__(self):
        label = f"{self.network_number} - {self.legal_name}"
        return f"{label} ({self.vat_number})" if self.vat_number else label


class BuyerGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    entities = models.ManyToManyField(BuyerEntity, related_name="groups", verbose_name=_("entities"))

    class Meta:
        verbose_name = _("buyer group")
        verbose_name_plural = _("buyer groups")
        ordering = ["name"]

    def __str__(self):
        return self.name
