"""What Home shows: the three cards, and the rows of "For your attention"."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from suppliers.models import Organisation


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
            _buttons((_("Create invoice"), "invoices:create")),
        ),
        Card(
            _("Check the status of your invoices"),
            _("Track status changes of your invoices in real time"),
            _buttons((_("Where is my invoice?"), "invoices:status")),
        ),
    ]


def attention_rows(*, org: Organisation) -> list:
    """Rows of "For your attention" (label, count, link), each counted by a real query. None
    exist yet: support tickets and failed invoices add theirs when their apps arrive."""
    return []
