"""The support desk: tickets that suppliers raise and follow, and the ones other apps open for
their own follow-up (connections opens one for a request it must ask the buyer about, and
resolves it when the request closes)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.tenancy import for_org
from portal.lib.uploads import (
    NOT_ACCEPTED,
    files_removed_unless_kept,
    name_for_type,
    sniffed_type,
)
from suppliers.models import Organisation, SupplierAccount, User
from tickets.deadlines import business_deadline, reference_number_new
from tickets import tasks
from tickets.models import SupportTicket, TicketMessage


def _reference_and_deadline() -> dict:
    return {
        "reference": reference_number_new(lambda ref: SupportTicket.objects.filter(reference=ref).exists()),
        "deadline": business_deadline(timezone.now()),
    }


@transaction.atomic
def ticket_open(
    *,
    org: Organisation,
    subject: str,
    kind: str = SupportTicket.Kind.QUESTION,
    by: User | None = None,
    account: SupplierAccount | None = None,
    body: str = "",
    attachment: UploadedFile | None = None,
) -> SupportTicket:
    """A new open ticket of `org`, due in the configured business hours. With `body`, it is the
    first message (with `attachment`, a PDF, PNG, JPEG or TIFF: anything else raises
    ValidationError and nothing is saved). `account` must be one of `org`'s (ValidationError)."""
    if account is not None and account.organisation_id != org.pk:
        raise ValidationError(_("Choose one of your supplier accounts."))
    ticket = SupportTicket.objects.create(
        organisation_id=org.pk, kind=kind, subject=subject[:200], account=account, opened_by=by,
        **_reference_and_deadline(),
    )
    if body:
        ticket_message_add(ticket=ticket, by=by, body=body, from_support=False, attachment=attachment)
    return ticket


def ticket_account_details_open(*, account: SupplierAccount, by: User, body: str) -> SupportTicket:
    """A ticket asking support to change the account's details; `body` (what and why) is its
    first message."""
    return ticket_open(
        org=account.organisation,
        subject=f"{account.legal_name} ({account.network_number})",
        kind=SupportTicket.Kind.ACCOUNT_DETAILS,
        by=by,
        account=account,
        body=body,
    )


def ticket_resolve(*, ticket: SupportTicket) -> None:
    """Closes the ticket (once: a resolved ticket keeps its first resolution time)."""
    for_org(SupportTicket, ticket.organisation_id).filter(pk=ticket.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def ticket_support_resolve(*, ticket: SupportTicket) -> None:
    """Support has answered the ticket or done what it asked (or refused it, in a message).
    A connection request's ticket raises ValidationError: it closes with its request."""
    if ticket.kind == SupportTicket.Kind.CONNECTION_REQUEST:
        raise ValidationError(_("Connection tickets are resolved by confirming or rejecting their request."))
    ticket_resolve(ticket=ticket)


@transaction.atomic
def ticket_message_add(
    *, ticket: SupportTicket, by: User | None, body: str, from_support: bool, attachment: UploadedFile | None = None
) -> TicketMessage:
    """A message on the ticket. Support's is e-mailed to the supplier, the supplier's to the
    support address (settings.SUPPORT_EMAIL); each once, after commit. An attachment that is
    not a PDF, PNG, JPEG or TIFF raises ValidationError."""
    message = TicketMessage(
        organisation_id=ticket.organisation_id, ticket=ticket, author=by, body=body, from_support=from_support
    )
    if attachment is not None:
        content_type = sniffed_type(attachment)
        if content_type is None:
            raise ValidationError(NOT_ACCEPTED)
        message.attachment_name = name_for_type(attachment.name, content_type)
        message.attachment_type = content_type
    with files_removed_unless_kept() as stored:
        if attachment is not None:
            message.attachment.save(message.attachment_name, attachment, save=False)
            stored.append(message.attachment)
        message.save()
    if from_support:
        tasks.ticket_message_email.delay_on_commit(message.pk)
    elif settings.SUPPORT_EMAIL:
        tasks.ticket_reply_email.delay_on_commit(message.pk)
    return message
