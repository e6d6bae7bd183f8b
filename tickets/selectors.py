from django.db.models import F, QuerySet

from portal.lib.tenancy import for_org
from suppliers.models import Organisation
from tickets.models import SupportTicket


def tickets_of(*, org: Organisation) -> QuerySet[SupportTicket]:
    """The organisation's tickets, open ones first, each by its deadline."""
    return (
        for_org(SupportTicket, org)
        .select_related("request__account", "request__buyer", "account")
        # NULL (open) sorts first only where told to: SQLite puts NULLs last in DESC order.
        .order_by(F("resolved_at").desc(nulls_first=True), "deadline")
    )


def open_tickets_count(*, org: Organisation) -> int:
    return for_org(SupportTicket, org).filter(resolved_at__isnull=True).count()
