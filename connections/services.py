"""Connection requests and relationships: every transition of DESIGN.md's state machine is one
function here, one transaction, one audit entry, side effects after commit. Nothing else writes
`ConnectionRequest.state`."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connections import tasks
from connections.buyer_link import MAX_AGE
from connections.models import Attachment, AuditEntry, ConnectionRequest, Relationship
from connections.signals import relationship_verified, request_challenged
from customers.models import BuyerEntity, BuyerInvoiceRecord
from customers.selectors import challenge_possible
from portal.lib.tenancy import for_org
from portal.lib.uploads import NOT_ACCEPTED, files_removed_unless_kept, name_for_type, sniffed_type
from suppliers.models import SupplierAccount, User
from tickets.models import SupportTicket
from tickets.services import ticket_open, ticket_resolve

State = ConnectionRequest.State
MAX_TRIES_PER_BUYER = 3


@dataclass(frozen=True)
class Verification:
    """Which supplier identities a buyer, support or the invoice challenge verified, and who.
    Empty strings are identities left unverified."""

    how: str
    vat_number: str = ""
    network_number: str = ""
    vendor_code: str = ""
    by: User | None = None
    by_label: str = ""

    def fields(self) -> dict:
        return {
            "verified_vat_number": self.vat_number,
            "verified_network_number": self.network_number,
            "verified_vendor_code": self.vendor_code,
            "verified_how": self.how,
            "verified_at": timezone.now(),
            "verified_by": self.by,
            "verified_by_label": _actor_label(self.by, self.by_label),
        }


@transaction.atomic
def relationship_create(
    *,
    account: SupplierAccount,
    buyer: BuyerEntity,
    vendor_code: str = "",
    verification: Verification | None = None,
) -> Relationship:
    """The account's relationship with the buyer, created once; asking again changes nothing.
    Without a verification (the test buyer) it matches none of the buyer's records. A new
    relationship's invoice statuses start loading once the transaction commits."""
    verified = verification.fields() if verification else {}
    relationship, created = Relationship.objects.get_or_create(
        account=account,
        buyer=buyer,
        defaults={"organisation_id": account.organisation_id, "vendor_code": vendor_code, **verified},
    )
    if created:
        relationship_verified.send(sender=Relationship, relationship=relationship)
    return relationship


def _vendor_code_verifiable(account: SupplierAccount, buyer: BuyerEntity, code: str) -> str:
    """`code`, unless the buyer already knows it as someone else's: another relationship verified
    it, or one of the buyer's records with it names another supplier. Then "" — a vendor code is
    typed by the supplier, and a confirmation must never hand it another supplier's records.
    Deliberately across organisations: it reads only whether such a row exists."""
    if not code:
        return ""
    claimed = Relationship.objects.filter(buyer=buyer, verified_vendor_code=code).exclude(account=account)
    others = BuyerInvoiceRecord.objects.filter(buyer=buyer, vendor_code=code).filter(
        (~Q(supplier_vat_number="") & ~Q(supplier_vat_number=account.vat_number))
        | (~Q(supplier_network_number="") & ~Q(supplier_network_number=account.network_number))
    )
    return "" if claimed.exists() or others.exists() else code


def _verification_confirmed(req: ConnectionRequest, *, by: User | None, actor_label: str) -> Verification:
    """What the buyer (through its link) or support saw when confirming: the account's VAT and
    network numbers and the request's vendor code."""
    account = req.account
    return Verification(
        how=Relationship.VerifiedBy.SUPPORT if by else Relationship.VerifiedBy.BUYER,
        vat_number=account.vat_number,
        network_number=account.network_number,
        vendor_code=_vendor_code_verifiable(account, req.buyer, req.vendor_code),
        by=by,
        by_label=actor_label,
    )


def _verification_by_challenge(req: ConnectionRequest, proven: BuyerInvoiceRecord, *, by: User) -> Verification:
    """Only the identities the proven record carries and shares with the account: a network
    number the buyer recorded wrongly on it is not the account's to claim."""
    account = req.account
    vat = proven.supplier_vat_number
    network = proven.supplier_network_number
    return Verification(
        how=Relationship.VerifiedBy.CHALLENGE,
        vat_number=vat if vat == account.vat_number else "",
        network_number=network if network == account.network_number else "",
        vendor_code=_vendor_code_verifiable(account, req.buyer, proven.vendor_code),
        by=by,
    )


@transaction.atomic
def relationship_identity_confirm(
    *, relationship: Relationship, by: User | None = None, actor_label: str = "", paused_at=None
) -> Relationship:
    """Support (`by`) or the buyer (through its identity link, `actor_label` its address, for the
    pause `paused_at` it was sent about) confirms the account's current identity for this
    relationship: it is recorded as verified, the loads resume, and a full load starts.

    Raises ValidationError for the test buyer, which verifies nothing, and when the buyer answers
    a pause that is over."""
    locked = (
        for_org(Relationship, relationship.organisation_id)
        .select_for_update(of=("self",))
        .select_related("account", "buyer")
        .get(pk=relationship.pk)
    )
    if locked.buyer.is_test_buyer:
        raise ValidationError(_("The test buyer needs no verification."))
    if by is None and (locked.paused_at is None or locked.paused_at != paused_at):
        raise ValidationError(_("This supplier's identity has already been confirmed."))
    verification = Verification(
        how=Relationship.VerifiedBy.SUPPORT if by else Relationship.VerifiedBy.BUYER,
        vat_number=locked.account.vat_number,
        network_number=locked.account.network_number,
        vendor_code=locked.verified_vendor_code,
        by=by,
        by_label=actor_label,
    )
    for name, value in {**verification.fields(), "paused_at": None, "buyer_asked_at": None}.items():
        setattr(locked, name, value)
    locked.save()
    relationship_verified.send(sender=Relationship, relationship=locked)
    return locked


def relationships_pause_for_identity(*, account: SupplierAccount) -> int:
    """Pauses the loads of the account's relationships whose verified VAT or network number is
    no longer the account's, and asks each buyer with an AP contact to confirm the new identity
    (e-mailed after commit); returns how many. Called inside the identity change's transaction."""
    differs = (~Q(verified_vat_number="") & ~Q(verified_vat_number=account.vat_number)) | (
        ~Q(verified_network_number="") & ~Q(verified_network_number=account.network_number)
    )
    relationships = for_org(Relationship, account.organisation_id).filter(account=account, paused_at__isnull=True)
    paused = list(relationships.filter(differs).values_list("pk", flat=True))
    Relationship.objects.filter(pk__in=paused).update(paused_at=timezone.now(), buyer_asked_at=None)
    for relationship_id in paused:
        tasks.buyer_identity_email_send.delay_on_commit(relationship_id)
    return len(paused)


def request_refusal(*, account: SupplierAccount, buyer: BuyerEntity) -> str | None:
    """Why the account may not ask this buyer now, or None when it may."""
    org = account.organisation
    requests = for_org(ConnectionRequest, org).filter(account=account, buyer=buyer)
    if for_org(Relationship, org).filter(account=account, buyer=buyer).exists():
        return _("%(buyer)s is already connected to this account.") % {"buyer": buyer.legal_name}
    if requests.filter(state__in=ConnectionRequest.OPEN_STATES).exists():
        return _("A request to %(buyer)s is already in progress.") % {"buyer": buyer.legal_name}
    if requests.count() >= MAX_TRIES_PER_BUYER:
        return ngettext(
            "This account has asked %(buyer)s %(count)s time already. Please write to Help & Support.",
            "This account has asked %(buyer)s %(count)s times already. Please write to Help & Support.",
            MAX_TRIES_PER_BUYER,
        ) % {"buyer": buyer.legal_name, "count": MAX_TRIES_PER_BUYER}
    return None


def connection_requests_create(
    *,
    account: SupplierAccount,
    buyers: Iterable[BuyerEntity],
    by: User,
    vendor_code: str = "",
    notes: str = "",
    attachment: UploadedFile | None = None,
) -> list[ConnectionRequest]:
    """One request per buyer entity, all or none. Where the network knows enough of the account's
    invoices to the buyer, the request waits for the invoice challenge (Scenario 2); otherwise it
    goes to the buyer for confirmation, with a support ticket (Scenario 1). The attachment must be
    one of the accepted types by its content (ValidationError otherwise); it is stored under a name
    of that type, and removed again if the requests are not committed."""
    try:
        with files_removed_unless_kept() as stored:
            return _requests_create(account, list(buyers), by, vendor_code, notes, attachment, stored)
    except IntegrityError:
        # Another request for one of these buyers was committed between our check and insert.
        raise ValidationError(_("A request to one of these customers is already in progress.")) from None


@transaction.atomic
def _requests_create(account, buyers, by, vendor_code, notes, upload, stored) -> list[ConnectionRequest]:
    if not buyers:
        raise ValidationError(_("Select at least one customer entity."))
    refusals = [refusal for buyer in buyers if (refusal := request_refusal(account=account, buyer=buyer))]
    if refusals:
        raise ValidationError(refusals)
    attachment = _attachment_save(account, upload, by, stored) if upload else None
    created = []
    for buyer in buyers:
        req = ConnectionRequest.objects.create(
            account=account,
            buyer=buyer,
            vendor_code=vendor_code,
            notes=notes,
            attachment=attachment,
            created_by=by,
        )
        _audit(req, by=by, from_state="", to_state=State.REQUESTED)
        created.append(_request_route(req, by=by))
    return created


def _attachment_save(account, upload: UploadedFile, by, stored: list) -> Attachment:
    kind = sniffed_type(upload)
    if kind is None:
        raise ValidationError(NOT_ACCEPTED)
    name = name_for_type(upload.name, kind, max_length=Attachment._meta.get_field("original_name").max_length)
    attachment = Attachment(
        organisation_id=account.organisation_id,
        original_name=name,
        content_type=kind,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(name, upload, save=False)
    stored.append(attachment.file)
    attachment.save()
    return attachment


def _actor_label(by: User | None, actor_label: str) -> str:
    if actor_label:
        return actor_label
    return (by.get_full_name() or by.username) if by else ""


def _audit(req, *, by=None, actor_label="", from_state, to_state, reason="") -> AuditEntry:
    return AuditEntry.objects.create(
        request=req,
        actor=by,
        actor_label=_actor_label(by, actor_label),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _locked(req: ConnectionRequest):
    # Only the request's row: the buyer and account joined to it are shared by other requests.
    return for_org(ConnectionRequest, req.organisation_id).select_for_update(of=("self",)).filter(pk=req.pk)


class TransitionRefused(ValidationError):
    """The request's state may not move that way (ConnectionRequest.TRANSITIONS)."""


def _transition(
    req: ConnectionRequest, to: str, *, by: User | None = None, actor_label: str = "", reason: str = ""
) -> ConnectionRequest:
    """Moves the locked request to `to`. Raises TransitionRefused when ConnectionRequest.TRANSITIONS
    has no such move from its state, as when it has already moved on."""
    locked = _locked(req).select_related("buyer", "account").get()
    if to not in ConnectionRequest.TRANSITIONS.get(locked.state, []):
        raise TransitionRefused(
            _("This request is “%(state)s” and cannot change that way.") % {"state": locked.get_state_display()}
        )
    from_state, locked.state = locked.state, to
    fields = ["state", "updated_at"]
    if to not in ConnectionRequest.OPEN_STATES:
        locked.closed_at = timezone.now()
        locked.buyer_link_nonce = ""
        locked.reason = reason
        fields += ["closed_at", "buyer_link_nonce", "reason"]
    locked.save(update_fields=fields)
    _audit(locked, by=by, actor_label=actor_label, from_state=from_state, to_state=to, reason=reason)
    return locked


def _request_route(req: ConnectionRequest, *, by: User) -> ConnectionRequest:
    if challenge_possible(account=req.account, buyer=req.buyer):
        return _request_challenge(req, by=by)
    return _request_buyer_ask(req, by=by)


def _request_challenge(req: ConnectionRequest, *, by: User) -> ConnectionRequest:
    """Scenario 2: the supplier proves the relationship with the buyer's invoice data."""
    req = _transition(req, State.CHALLENGE, by=by)
    request_challenged.send(sender=ConnectionRequest, req=req)
    return req


def _request_buyer_ask(req: ConnectionRequest, *, by: User | None) -> ConnectionRequest:
    """Scenario 1: a support ticket, and an e-mail to the buyer's AP contact where we have one."""
    req = _transition(req, State.AWAITING_BUYER, by=by)
    req.ticket = ticket_open(
        org=req.organisation,
        subject=f"{req.account.legal_name} → {req.buyer.legal_name}",
        kind=SupportTicket.Kind.CONNECTION_REQUEST,
        by=req.created_by,
        account=req.account,
    )
    req.save(update_fields=["ticket"])
    tasks.request_received_email_send.delay_on_commit(req.pk)
    if req.buyer.ap_contact_email:
        req.buyer_link_nonce = secrets.token_hex(16)
        req.save(update_fields=["buyer_link_nonce"])
        tasks.buyer_email_send.delay_on_commit(req.pk)
    return req


def _request_ticket_resolve(req: ConnectionRequest) -> None:
    if req.ticket_id is not None:
        ticket_resolve(ticket=req.ticket)


def _supplier_tell(req: ConnectionRequest, event: str) -> None:
    tasks.supplier_email_send.delay_on_commit(req.pk, event)


@transaction.atomic
def request_confirm(*, req: ConnectionRequest, by: User | None = None, actor_label: str = "") -> Relationship:
    """The buyer (through its link) or support staff confirm: the relationship is made."""
    req = _transition(req, State.ACTIVE, by=by, actor_label=actor_label)
    relationship = relationship_create(
        account=req.account,
        buyer=req.buyer,
        vendor_code=req.vendor_code,
        verification=_verification_confirmed(req, by=by, actor_label=actor_label),
    )
    _request_ticket_resolve(req)
    _supplier_tell(req, "connected")
    return relationship


@transaction.atomic
def request_challenge_pass(*, req: ConnectionRequest, by: User, proven: BuyerInvoiceRecord) -> Relationship:
    """The supplier passed the invoice challenge, proving it holds `proven`: connected at once,
    verified by the identities that record carries."""
    req = _transition(req, State.ACTIVE, by=by)
    return relationship_create(
        account=req.account,
        buyer=req.buyer,
        vendor_code=req.vendor_code,
        verification=_verification_by_challenge(req, proven, by=by),
    )


@transaction.atomic
def request_challenge_fail(*, req: ConnectionRequest, by: User) -> ConnectionRequest:
    """The challenge was locked by wrong answers or given up: Scenario 1 after all. Support sees
    why on the ticket, from the challenge and its attempts."""
    return _request_buyer_ask(req, by=by)


@transaction.atomic
def request_reject(
    *, req: ConnectionRequest, by: User | None = None, actor_label: str = "", reason: str = ""
) -> ConnectionRequest:
    req = _transition(req, State.REJECTED, by=by, actor_label=actor_label, reason=reason)
    _request_ticket_resolve(req)
    _supplier_tell(req, "rejected")
    return req


@transaction.atomic
def request_withdraw(*, req: ConnectionRequest, by: User) -> ConnectionRequest:
    req = _transition(req, State.WITHDRAWN, by=by)
    _request_ticket_resolve(req)
    return req


@transaction.atomic
def request_expire(*, req: ConnectionRequest) -> ConnectionRequest:
    """The buyer did not answer in time: the supplier is told and may try again."""
    req = _transition(req, State.EXPIRED)
    _request_ticket_resolve(req)
    _supplier_tell(req, "expired")
    return req


def requests_expire_due() -> int:
    """Expires every request whose buyer link has run out without an answer; returns how many.
    Run by beat (connections.tasks.requests_expire)."""
    stale = ConnectionRequest.objects.filter(state=State.AWAITING_BUYER, buyer_emailed_at__lte=timezone.now() - MAX_AGE)
    expired = 0
    for req in stale:
        try:
            request_expire(req=req)
            expired += 1
        except ValidationError:  # answered meanwhile
            continue
    return expired


@transaction.atomic
def request_buyer_email_resend(*, req: ConnectionRequest, by: User) -> None:
    """A fresh link to the buyer; links sent before stop working."""
    locked = _locked(req).select_related("buyer").get()
    if locked.state != State.AWAITING_BUYER or not locked.buyer.ap_contact_email:
        raise ValidationError(_("Only a request awaiting a customer with an AP contact e-mail can be resent."))
    locked.buyer_link_nonce = secrets.token_hex(16)
    locked.buyer_emailed_at = None
    locked.reminders_sent = 0
    locked.save(update_fields=["buyer_link_nonce", "buyer_emailed_at", "reminders_sent"])
    tasks.buyer_email_send.delay_on_commit(locked.pk)
