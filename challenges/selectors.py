"""What a challenge may ask about, and the challenges a supplier sees."""

import calendar
import uuid
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from django.conf import settings

from challenges.models import Challenge
from connections.models import ConnectionRequest
from customers.models import BuyerEntity, BuyerInvoiceRecord
from customers.selectors import supplier_identities
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount

# A challenge needs one invoice to enter and another to ask about; it asks about one of the
# newest ASKABLE.
MIN_INVOICES = 2
ASKABLE = 100


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RecentInvoices:
    """The account's newest invoices at a buyer (at most ASKABLE, newest first) within the window
    that starts at `since`."""

    records: list[BuyerInvoiceRecord]
    since: date | None

    @property
    def distinct_numbers(self) -> int:
        return len({record.invoice_number.casefold() for record in self.records})


def recent_invoices(*, account: SupplierAccount, buyer: BuyerEntity) -> RecentInvoices:
    """The invoices a challenge may ask about. "Recent" counts CHALLENGE_RECENT_MONTHS back from
    the newest of them, because a buyer's data reaches the network as of its last export, not as
    of today. One index range scan per identity the buyer may know the account by, so a supplier
    with a million invoices at the buyer costs no more than one with twelve."""
    newest_first = {
        record.pk: record
        for identity in supplier_identities(account)
        for record in BuyerInvoiceRecord.objects.filter(identity, buyer=buyer).order_by("-invoice_date")[:ASKABLE]
    }
    records = sorted(newest_first.values(), key=attrgetter("invoice_date"), reverse=True)[:ASKABLE]
    if not records:
        return RecentInvoices([], None)
    since = months_before(records[0].invoice_date, settings.CHALLENGE_RECENT_MONTHS)
    return RecentInvoices([record for record in records if record.invoice_date >= since], since)


def challenge_possible(*, account: SupplierAccount, buyer: BuyerEntity) -> bool:
    """Whether the network knows enough of this account's invoices to this buyer to challenge it."""
    return recent_invoices(account=account, buyer=buyer).distinct_numbers >= MIN_INVOICES


def challenge_get(*, org: Organisation, code) -> Challenge:
    related = Challenge.objects.select_related("request__account", "request__buyer", "challenged_record")
    return get_object_for_org_or_404(related, org, code=code)


def challenges_of_requests(*, org: Organisation, request_codes: list[uuid.UUID]) -> list[Challenge]:
    """The challenges among these requests, in the order they were made: a batch walked in turn."""
    challenges = for_org(Challenge, org).filter(request__code__in=request_codes)
    return list(challenges.select_related("request__buyer").order_by("pk"))


def open_challenges_count(*, org: Organisation) -> int:
    """Challenges the organisation has left half-way: Home asks to finish them."""
    waiting = for_org(Challenge, org).filter(step__in=Challenge.OPEN_STEPS, request__state=ConnectionRequest.State.CHALLENGE)
    return waiting.count()
