"""Support tickets: the network's follow-up of a connection request it cannot prove itself, and
a supplier's request to change its account's locked details."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connections.models import ConnectionRequest
from portal.models import TenantOwned
from suppliers.models import SupplierAccount


class SupportTicket(TenantOwned):
    class Kind(models.TextChoices):
        CONNECTION_REQUEST = "connection_request", _("Connection request")
        ACCOUNT_DETAILS = "account_details", _("Account details")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONNECTION_REQUEST)
    request = models.OneToOneField(
        ConnectionRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="ticket"
    )
    account = models.ForeignKey(
        SupplierAccount, null=True, blank=True, on_delete=models.CASCADE, related_name="tickets",
        verbose_name=_("supplier account"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # Random, not sequential: a reference number reveals nothing about other tickets.
    reference = models.CharField(_("reference number"), max_length=7, unique=True)
    deadline = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["organisation", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="connection_request", request__isnull=False)
                | models.Q(kind="account_details", account__isnull=False),
                name="ticket_names_what_it_is_about",
            )
        ]
        permissions = [("work_ticket", _("Can confirm, reject and answer support tickets"))]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.now()


class TicketMessage(TenantOwned):
    """A message on a ticket, from the supplier or from support staff."""

    organisation_from = "ticket"

    ticket = models.ForeignKey(SupportTicket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_support = models.BooleanField(_("from support"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]
