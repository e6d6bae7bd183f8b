import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import BuyerEntity
from suppliers.models import Organisation, SupplierAccount


class Relationship(models.Model):
    """An active connection: this supplier account may invoice this buyer entity."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="relationships")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.PROTECT, related_name="relationships")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vendor_code = models.CharField(_("vendor code"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("customer relationship")
        verbose_name_plural = _("customer relationships")
        constraints = [
            models.UniqueConstraint(fields=["account", "buyer"], name="relationship_unique_buyer")
        ]
        indexes = [models.Index(fields=["organisation", "account"])]

    def __str__(self):
        return f"{self.account} → {self.buyer.legal_name}"
