import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.lib.identifiers import network_number_validator
from portal.lib.models import TenantOwned


class User(AbstractUser):
    """A person signing in: supplier staff (through a Membership) or support staff."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    # The address whose e-mailed link was opened; a new address is unverified until its own is.
    verified_email = models.EmailField(_("verified e-mail address"), blank=True)

    @property
    def email_is_verified(self) -> bool:
        return bool(self.email) and self.verified_email.lower() == self.email.lower()
    # Blank: the time zone of the language's country (portal/lib/timezones.py).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)


class Organisation(models.Model):
    """The tenant: a supplier company and everything it owns on the portal."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation. Roles rank: an administrator may do all a member may,
    a member all a read-only member may."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")
        READ_ONLY = "read_only", _("Read-only")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"

    def has_role(self, role: str) -> bool:
        """Whether this membership's role is `role` or ranks above it."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def can_act(self) -> bool:
        return self.has_role(self.Role.MEMBER)

    @property
    def is_admin(self) -> bool:
        return self.has_role(self.Role.ADMIN)


ROLE_RANK = {Membership.Role.READ_ONLY: 0, Membership.Role.MEMBER: 1, Membership.Role.ADMIN: 2}


class Invitation(models.Model):
    """An administrator's invitation of a colleague, by e-mail, to join the organisation with a
    role. The e-mailed link is signed and expires (suppliers.colleagues); accepting it once
    stamps `accepted_at`, which retires it; revoking deletes it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "email"])]

    def __str__(self):
        return f"{self.email} @ {self.organisation} ({self.role})"


def new_network_number() -> str:
    return "AAA" + "".join(secrets.choice("0123456789") for _ in range(9))


class SupplierAccount(models.Model):
    """One of the organisation's own legal entities on the network."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="accounts")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network_number = models.CharField(
        _("network number"),
        max_length=12,
        unique=True,
        default=new_network_number,
        editable=False,
        validators=[network_number_validator],
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    country = CountryField(_("country"))
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    # What EN 16931 needs of a seller (BG-4, BG-5, BG-17); the country above is BT-40.
    street = models.CharField(_("street and number"), max_length=200, blank=True)  # BT-35
    city = models.CharField(_("city"), max_length=100, blank=True)  # BT-37
    post_code = models.CharField(_("post code"), max_length=20, blank=True)  # BT-38
    legal_registration_id = models.CharField(
        _("company registration number"), max_length=50, blank=True
    )  # BT-30
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)  # BT-84, electronic format
    bic = models.CharField(_("BIC"), max_length=11, blank=True)  # BT-86
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supplier account")
        verbose_name_plural = _("supplier accounts")
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["organisation", "legal_name"])]

    def __str__(self):
        return self.legal_name


class AccountIdentityChange(TenantOwned):
    """Support changed a supplier account's identity: who, when, and the values before and after."""

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="identity_changes")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    old_legal_name = models.CharField(_("old legal name"), max_length=200)
    new_legal_name = models.CharField(_("new legal name"), max_length=200)
    old_country = CountryField(_("old country"))
    new_country = CountryField(_("new country"))
    old_vat_number = models.CharField(_("old VAT number"), max_length=20, blank=True)
    new_vat_number = models.CharField(_("new VAT number"), max_length=20, blank=True)
    relationships_paused = models.PositiveIntegerField(_("relationships paused"), default=0)

    class Meta:
        verbose_name = _("account identity change")
        verbose_name_plural = _("account identity changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.account}"
