"""What Home shows: the three cards, and the rows of "For your attention"."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from challenges.selectors import open_challenges_count
from invoices.selectors import ATTENTION, attention_count
from suppliers.models import Organisation
from tickets.selectors import open_tickets_count


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    buttons: list[tuple[str, str]]  # (label, url) of the buttons whose pages exist


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _buttons(*pairs):
    """Only buttons whose page exists: later issues light theirs up by adding the URL."""
    return [(label, url) for label, name in pairs if (url := _url_or_none(name))]


def home_cards() -> list[Card]:
    return [
        Card(
            _("Connect with customers"),
            _("Search and connect with more customers on the network"),
            _buttons(
                (_("Connect today"), "connections:connect"),
                (_("View all"), "connections:relationships"),
            ),
        ),
        Card(
            _("Send invoices"),
            _("Create new invoices in a few clicks"),
            _buttons((_("Create invoice"), "invoicing:create")),
        ),
        Card(
            _("Check the status of your invoices"),
            _("Track status changes of your invoices in real time"),
            _buttons((_("Where is my invoice?"), "invoices:status"), (_("When will I get paid?"), "invoices:payments")),
        ),
    ]


@dataclass(frozen=True)
class AttentionRow:
    label: str
    count: int
    url: str
    link_label: str


def attention_rows(*, org: Organisation, status_counts: dict[str, int], failed_invoices: int = 0) -> list[AttentionRow]:
    """Rows of "For your attention" (the organisation's invoices whose delivery failed, invoices from
    its status counts, half-done challenges and open tickets by one query each); a row shows only
    when its count is not zero."""
    rows = [
        AttentionRow(
            _("Failed invoices"), failed_invoices, reverse("invoicing:list") + "?delivery_state=failed", _("View")
        ),
        AttentionRow(
            _("Invoices on hold, in exception or rejected"),
            attention_count(status_counts),
            reverse("invoices:status") + f"?status={ATTENTION}",
            _("View"),
        ),
        AttentionRow(
            _("Customer verifications to complete"),
            open_challenges_count(org=org),
            reverse("connections:request-list"),
            _("View"),
        ),
        AttentionRow(_("Support tickets"), open_tickets_count(org=org), reverse("tickets:list"), _("View all")),
    ]
    return [row for row in rows if row.count]
