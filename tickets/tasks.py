from celery import shared_task
from django.urls import reverse

from portal.lib.emails import absolute_url, email_send
from suppliers.selectors import people_to_tell
from tickets.models import TicketMessage


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ticket_message_email(message_id: int) -> None:
    """Tells the supplier that support wrote on their ticket."""
    message = TicketMessage.objects.select_related(
        "ticket__request__account__organisation", "ticket__account__organisation"
    ).get(pk=message_id)
    ticket, req = message.ticket, message.ticket.request
    if req is None:  # a ticket about the account's details: its page is the list of tickets
        org, preferred, link = ticket.account.organisation, None, absolute_url(reverse("tickets:list"))
    else:
        org, preferred = req.account.organisation, req.created_by
        link = absolute_url(reverse("connections:request-detail", kwargs={"request_code": req.code}))
    for person in people_to_tell(org=org, preferred=preferred):
        email_send(
            to=person.email,
            template="ticket_message",
            context={"message": message, "ticket": ticket, "req": req, "link": link, "person": person},
            language=person.preferred_language,
            time_zone=person.time_zone,
            event=f"ticket_message:{message.pk}",
        )
