"""The billing wing's models: a supplier account's connection to its own billing system, and the
outbox of pushes to it (invoices/billing/, README "Billing integration")."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.lib.encryption import secret_decrypt, secret_encrypt
from portal.lib.models import TenantOwned


class BillingIntegration(TenantOwned):
    """One per supplier account. The credentials are one Fernet token (portal.lib.encryption):
    never shown back, logged or put into a message; `credentials` decrypts them on demand."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.OneToOneField(
        "suppliers.SupplierAccount", on_delete=models.CASCADE, related_name="billing_integration"
    )
    system = models.CharField(_("billing system"), max_length=20)
    credentials_encrypted = models.TextField(editable=False, default="")
    issue_zero_total = models.BooleanField(_("Issue an invoice when the total is zero"), default=False)
    auto_push = models.BooleanField(_("Create each sent invoice in the billing system automatically"), default=True)
    include_link_in_email = models.BooleanField(
        _("Include the billing system's invoice link in the e-mail to the buyer"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("billing integration")
        verbose_name_plural = _("billing integrations")

    def __str__(self):
        return f"{self.account_id}: {self.system}"

    @property
    def credentials(self) -> dict[str, str]:
        """The decrypted credentials. Raises portal.lib.encryption.SecretUnreadable."""
        return secret_decrypt(self.credentials_encrypted)

    def credentials_set(self, values: dict[str, str]) -> None:
        self.credentials_encrypted = secret_encrypt(values)


class PushState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    CREATED = "created", _("Created")
    UNKNOWN = "unknown", _("Answer lost: checking")
    FAILED = "failed", _("Failed")


class BillingPush(TenantOwned):
    """The outbox and the history of one invoice's push to the billing system (one per invoice:
    the unique key is what keeps two workers from pushing it twice).

    Written and committed before each call to the billing system (`sending`, with `sends`
    counted), updated after it: `created` with the billing system's id, number and link;
    `failed` with its message; `unknown` when the answer was lost. A push found `sending` or
    `unknown` after a call may have been made asks the billing system for our id before
    creating again (invoices.billing.services.billing_push_run). `code` is our push id: the
    webhook-id, stable across retries."""

    organisation_from = "invoice"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.OneToOneField("invoices.Invoice", on_delete=models.CASCADE, related_name="billing_push")
    integration = models.ForeignKey(BillingIntegration, on_delete=models.CASCADE, related_name="pushes")
    state = models.CharField(_("state"), max_length=10, choices=PushState.choices, default=PushState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Create requests sent since the push was (re)started: at most MAX_SENDS (the Agent's guidance).
    sends = models.PositiveIntegerField(default=0)
    # A create request may have reached the billing system: ask it for our id before creating again.
    check_first = models.BooleanField(default=False)
    # While a worker is calling the billing system: another worker leaves the push alone until then.
    leased_until = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(_("billing system's id"), max_length=100, blank=True)
    external_number = models.CharField(_("billing system's number"), max_length=100, blank=True)
    external_link = models.URLField(_("link to the invoice"), max_length=500, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("billing push")
        verbose_name_plural = _("billing pushes")
        indexes = [models.Index(fields=["organisation", "state"], name="billing_push_by_state")]

    def __str__(self):
        return f"{self.invoice_id}: {self.state}"
