"""The supplier's support tickets: open ones first, by deadline, then the resolved ones."""

from datetime import UTC, datetime

from django.urls import reverse

from tests.factories import make_buyer, make_request
from tickets.models import SupportTicket
from tickets.selectors import tickets_of


def _ticket(org, name, *, deadline_day, resolved_day=None):
    req = make_request(org, buyer=make_buyer(name))
    SupportTicket.objects.filter(request=req).update(
        deadline=datetime(2026, 12, deadline_day, 12, tzinfo=UTC),
        resolved_at=datetime(2026, 12, resolved_day, 12, tzinfo=UTC) if resolved_day else None,
    )
    return req.ticket.reference


def test_open_tickets_come_before_resolved_ones_each_by_deadline(org):
    resolved_early = _ticket(org, "Resolved early", deadline_day=1, resolved_day=2)
    open_late = _ticket(org, "Open late", deadline_day=9)
    resolved_late = _ticket(org, "Resolved late", deadline_day=3, resolved_day=8)
    open_soon = _ticket(org, "Open soon", deadline_day=4)
    references = [ticket.reference for ticket in tickets_of(org=org)]
    assert references == [open_soon, open_late, resolved_late, resolved_early]


def test_the_page_lists_an_open_ticket_above_a_resolved_one(member_client, org):
    resolved = _ticket(org, "Resolved", deadline_day=1, resolved_day=2)
    still_open = _ticket(org, "Still open", deadline_day=20)
    page = member_client.get(reverse("tickets:list")).content.decode()
    assert page.index(still_open) < page.index(resolved)
