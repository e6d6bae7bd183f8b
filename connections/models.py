import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import BuyerEntity
from portal.lib.models import TenantOwned
from portal.lib.uploads import PrivateStorage, private_storage  # noqa: F401 (migration 0002 names it here)
from portal.lib.uploads import private_name as _private_name
from suppliers.models import SupplierAccount
from tickets.models import SupportTicket


class Relationship(TenantOwned):
    """An active connection: this supplier account may invoice this buyer entity.

    It keeps the supplier identities that were verified when it became active (or confirmed again
    since): the buyer's records are matched by those alone, never by the account's current
    fields, which its users could once type freely. Nothing verified, nothing loaded."""

    class VerifiedBy(models.TextChoices):
        BUYER = "buyer", _("the customer")
        SUPPORT = "support", _("support")
        CHALLENGE = "challenge", _("the invoice challenge")

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="relationships")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.PROTECT, related_name="relationships")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vendor_code = models.CharField(_("vendor code"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_vat_number = models.CharField(_("verified VAT number"), max_length=20, blank=True)
    verified_network_number = models.CharField(_("verified network number"), max_length=12, blank=True)
    verified_vendor_code = models.CharField(_("verified vendor code"), max_length=50, blank=True)
    verified_how = models.CharField(_("verified by"), max_length=10, choices=VerifiedBy.choices, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by_label = models.CharField(_("verified by whom"), max_length=200, blank=True)
    # Set when support changed the account's identity away from the verified one: loads wait
    # until the new identity is confirmed.
    paused_at = models.DateTimeField(_("loads paused"), null=True, blank=True)
    buyer_asked_at = models.DateTimeField(_("customer asked to confirm"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer relationship")
        verbose_name_plural = _("customer relationships")
        constraints = [
            models.UniqueConstraint(fields=["account", "buyer"], name="relationship_unique_buyer")
        ]
        indexes = [models.Index(fields=["organisation", "account"])]
        permissions = [("confirm_identity", _("Can confirm a supplier's new identity"))]

    def __str__(self):
        return f"{self.account} → {self.buyer.legal_name}"

    def verified_identities(self) -> dict[str, str]:
        """The buyer record fields this relationship matches, with their verified values."""
        pairs = {
            "supplier_vat_number": self.verified_vat_number,
            "supplier_network_number": self.verified_network_number,
            "vendor_code": self.verified_vendor_code,
        }
        return {field: value for field, value in pairs.items() if value}




class Attachment(TenantOwned):
    """A supporting document (PO, invoice, remittance advice, contract) sent with requests.
    Stored privately and served only through scoped views."""

    organisation_from = None

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=_private_name)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ConnectionRequest(TenantOwned):
    """A supplier account asking to be connected to one buyer entity. Its state is written only
    by the transitions in connections/services.py."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CHALLENGE = "challenge", _("Verification in progress")
        AWAITING_BUYER = "awaiting_buyer", _("Awaiting customer confirmation")
        ACTIVE = "active", _("Connected")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.REQUESTED, State.CHALLENGE, State.AWAITING_BUYER)
    # Every move a request may make, and only these (connections.services._transition refuses the
    # rest): DESIGN.md's "A connection request's life". A state missing here is final.
    TRANSITIONS = {
        State.REQUESTED: [
            State.CHALLENGE, State.AWAITING_BUYER, State.ACTIVE, State.REJECTED, State.WITHDRAWN,
        ],
        State.CHALLENGE: [State.AWAITING_BUYER, State.ACTIVE, State.WITHDRAWN],
        State.AWAITING_BUYER: [State.ACTIVE, State.REJECTED, State.EXPIRED, State.WITHDRAWN],
    }

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="connection_requests")
    buyer = models.ForeignKey(BuyerEntity, on_delete=models.PROTECT, related_name="connection_requests")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED)
    vendor_code = models.CharField(_("vendor code"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The buyer's e-mailed link: the nonce makes it single-use (a used link's nonce is gone).
    buyer_link_nonce = models.CharField(max_length=32, blank=True)
    buyer_emailed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The link lives here so that tickets, below connections, never import it.
    ticket = models.OneToOneField(
        SupportTicket, null=True, blank=True, on_delete=models.SET_NULL, related_name="request",
        verbose_name=_("support ticket"),
    )

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "buyer"],
                condition=models.Q(state__in=["requested", "challenge", "awaiting_buyer"]),
                name="request_one_open_per_buyer",
            )
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return f"{self.account} → {self.buyer.legal_name} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class AuditEntry(TenantOwned):
    """One transition of a request: who, when, from → to, why."""

    organisation_from = "request"

    request = models.ForeignKey(ConnectionRequest, on_delete=models.CASCADE, related_name="audit")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("who"), max_length=200)
    from_state = models.CharField(_("from"), max_length=20, choices=ConnectionRequest.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ConnectionRequest.State.choices)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.from_state or '-'} → {self.to_state}"
