"""Support tickets follow a connection request's life: opened when the network must ask the
buyer, resolved when the request closes (only connections/services.py opens and resolves those).
A supplier also opens one to have its account's locked details changed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils import timezone

from connections.models import ConnectionRequest
from portal.lib.tenancy import for_org
from suppliers.models import SupplierAccount, User
from tickets.deadlines import business_deadline, reference_number_new
from tickets.models import SupportTicket, TicketMessage


def _reference_and_deadline() -> dict:
    return {
        "reference": reference_number_new(lambda ref: SupportTicket.objects.filter(reference=ref).exists()),
        "deadline": business_deadline(timezone.now()),
    }


def ticket_open(*, req: ConnectionRequest) -> SupportTicket:
    return SupportTicket.objects.create(organisation_id=req.organisation_id, request=req, **_reference_and_deadline())


@transaction.atomic
def ticket_account_details_open(*, account: SupplierAccount, by: User, body: str) -> SupportTicket:
    """A ticket asking support to change the account's details; `body` (what and why) is its
    first message."""
    ticket = SupportTicket.objects.create(
        organisation_id=account.organisation_id,
        kind=SupportTicket.Kind.ACCOUNT_DETAILS,
        account=account,
        subject=f"{account.legal_name} ({account.network_number})"[:200],
        **_reference_and_deadline(),
    )
    ticket_message_add(ticket=ticket, by=by, body=body, from_support=False)
    return ticket


def ticket_account_details_resolve(*, ticket: SupportTicket) -> None:
    """Support has done what an account-details ticket asked (or refused it, in a message)."""
    if ticket.kind != SupportTicket.Kind.ACCOUNT_DETAILS:
        raise ValidationError(_("Connection tickets are resolved by confirming or rejecting their request."))
    for_org(SupportTicket, ticket.organisation_id).filter(pk=ticket.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def ticket_resolve(*, req: ConnectionRequest) -> None:
    tickets = for_org(SupportTicket, req.organisation_id).filter(request=req, resolved_at__isnull=True)
    tickets.update(resolved_at=timezone.now())


@transaction.atomic
def ticket_message_add(*, ticket: SupportTicket, by: User, body: str, from_support: bool) -> TicketMessage:
    """A message on the ticket; the supplier is e-mailed when support writes."""
    from tickets.tasks import ticket_message_email as ticket_message_email_task

    message = TicketMessage.objects.create(
        organisation_id=ticket.organisation_id, ticket=ticket, author=by, body=body, from_support=from_support
    )
    if from_support:
        ticket_message_email_task.delay_on_commit(message.pk)
    return message
