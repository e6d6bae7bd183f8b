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
