"""What a challenge may ask about, and the challenges a supplier sees."""

import calendar
import uuid
from datetime import date

from django.conf import settings
from django.db.models import Max, QuerySet
from django.db.models.functions import Lower

from challenges.models import Challenge
from connections.models import ConnectionRequest
from customers.models import BuyerEntity, BuyerInvoiceRecord
from customers.selectors import supplier_records
from portal.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount

# A challenge needs one invoice to enter and another to ask about.
MIN_INVOICES = 2


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def challenge_records(*, account: SupplierAccount, buyer: BuyerEntity) -> QuerySet[BuyerInvoiceRecord]:
    """The buyer's recent records of this account's invoices: those a challenge may ask about.
    "Recent" counts CHALLENGE_RECENT_MONTHS back from the newest of them, because a buyer's data
    reaches the network as of its last export, not as of today."""
    records = supplier_records(account=account, buyer=buyer)
    newest = records.aggregate(newest=Max("invoice_date"))["newest"]
    if newest is None:
        return records.none()
    return records.filter(invoice_date__gte=months_before(newest, settings.CHALLENGE_RECENT_MONTHS))


def challenge_possible(*, account: SupplierAccount, buyer: BuyerEntity) -> bool:
    """Whether the network knows enough of this account's invoices to this buyer to challenge it."""
    numbers = challenge_records(account=account, buyer=buyer).values(number=Lower("invoice_number")).distinct()
    return numbers[:MIN_INVOICES].count() == MIN_INVOICES


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
