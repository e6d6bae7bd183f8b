from celery import shared_task
from django.conf import settings
from django.urls import reverse

from portal.lib.emails import absolute_url, email_send
from suppliers.selectors import people_to_tell
from tickets.models import TicketMessage


def _message(message_id: int) -> TicketMessage:
    return TicketMessage.objects.select_related("ticket__organisation", "ticket__opened_by", "author").get(
        pk=message_id
    )


def _ticket_link(message: TicketMessage) -> str:
    return absolute_url(reverse("tickets:detail", kwargs={"ticket_code": message.ticket.code}))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ticket_message_email(message_id: int) -> None:
    """Tells the supplier that support wrote on their ticket."""
    message = _message(message_id)
    ticket = message.ticket
    for person in people_to_tell(org=ticket.organisation, preferred=ticket.opened_by):
        email_send(
            to=person.email,
            template="ticket_message",
            context={"message": message, "ticket": ticket, "link": _ticket_link(message), "person": person},
            language=person.preferred_language,
            time_zone=person.time_zone,
            event=f"ticket_message:{message.pk}",
        )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ticket_reply_email(message_id: int) -> None:
    """Tells support (settings.SUPPORT_EMAIL) that a supplier wrote on a ticket."""
    message = _message(message_id)
    email_send(
        to=settings.SUPPORT_EMAIL,
        template="ticket_reply",
        context={
            "message": message,
            "ticket": message.ticket,
            "link": absolute_url(reverse("admin:tickets_supportticket_change", args=[message.ticket.pk])),
        },
        event=f"ticket_reply:{message.pk}",
    )
