from django.db.models import F, QuerySet

from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount
from tickets.models import SupportTicket, TicketMessage


def tickets_of(*, org: Organisation) -> QuerySet[SupportTicket]:
    """The organisation's tickets, open ones first, each by its deadline."""
    return (
        for_org(SupportTicket, org)
        .select_related("account")
        # NULL (open) sorts first only where told to: SQLite puts NULLs last in DESC order.
        .order_by(F("resolved_at").desc(nulls_first=True), "deadline")
    )


def ticket_get(*, org: Organisation, code) -> SupportTicket:
    """The organisation's ticket by its code (Http404 for anyone else's)."""
    return get_object_for_org_or_404(SupportTicket.objects.select_related("account"), org, code=code)


def ticket_messages(*, ticket: SupportTicket) -> QuerySet[TicketMessage]:
    return for_org(TicketMessage, ticket.organisation_id).filter(ticket=ticket).select_related("author")


def ticket_attachment_get(*, ticket: SupportTicket, pk: int) -> TicketMessage:
    """The ticket's message `pk` that has an attachment (Http404 otherwise)."""
    messages = TicketMessage.objects.filter(ticket=ticket).exclude(attachment="")
    return get_object_for_org_or_404(messages, ticket.organisation, pk=pk)


def ticket_accounts(*, org: Organisation) -> QuerySet[SupplierAccount]:
    """The accounts a ticket of `org` may be about: its own."""
    return for_org(SupplierAccount, org).order_by("legal_name")


def open_tickets_count(*, org: Organisation) -> int:
    return for_org(SupportTicket, org).filter(resolved_at__isnull=True).count()
