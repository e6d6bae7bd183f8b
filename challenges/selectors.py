"""The challenges a supplier sees. What a challenge may ask about is the buyer's AP data, read by
customers.selectors.recent_invoices."""

import uuid

from challenges.models import Challenge
from connections.models import ConnectionRequest
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation

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
