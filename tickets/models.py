"""Support tickets, the portal's support desk: anything a supplier raises (a question, its
account's locked details) and the network's follow-up of a connection request it cannot prove
itself. A ticket knows nothing of the apps that raise it: a connection request points at its
ticket (`ConnectionRequest.ticket`, reached here as `ticket.request`)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lib.models import TenantOwned
from portal.lib.uploads import private_name, private_storage
from suppliers.models import SupplierAccount


class SupportTicket(TenantOwned):
    class Kind(models.TextChoices):
        CONNECTION_REQUEST = "connection_request", _("Connection request")
        ACCOUNT_DETAILS = "account_details", _("Account details")
        QUESTION = "question", _("Question")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    # Opaque in URLs: the reference number is short enough to guess.
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
                condition=~models.Q(kind="account_details") | models.Q(account__isnull=False),
                name="ticket_account_details_names_account",
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
    attachment = models.FileField(_("attachment"), storage=private_storage, upload_to=private_name, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]
