"""Support tickets: the network's follow-up of a connection request it cannot prove itself."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from connections.models import ConnectionRequest
from suppliers.models import Organisation


class SupportTicket(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(ConnectionRequest, on_delete=models.CASCADE, related_name="ticket")
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
        permissions = [("work_ticket", _("Can confirm, reject and answer support tickets"))]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.now()


class TicketMessage(models.Model):
    """A message on a ticket, from the supplier or from support staff."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
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
