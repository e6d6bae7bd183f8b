"""Support tickets follow a connection request's life: opened when the network must ask the
buyer, resolved when the request closes. Only connections/services.py opens and resolves them."""

from django.db import transaction
from django.utils import timezone

from connections.models import ConnectionRequest
from portal.tenancy import for_org
from suppliers.models import User
from tickets.deadlines import business_deadline, reference_number_new
from tickets.models import SupportTicket, TicketMessage


def ticket_open(*, req: ConnectionRequest) -> SupportTicket:
    reference = reference_number_new(lambda ref: SupportTicket.objects.filter(reference=ref).exists())
    return SupportTicket.objects.create(
        organisation_id=req.organisation_id,
        request=req,
        reference=reference,
        deadline=business_deadline(timezone.now()),
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
