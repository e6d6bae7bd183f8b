"""The steps of the invoice challenge, one function each, one transaction each, every answer
logged (never its values). Passing, failing and giving up change the request only through
connections/services.py.

A wrong answer is told only "The details do not match our records": never which field, never any
of the buyer's data."""

import secrets
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import Challenge, ChallengeAttempt
from connections.models import ConnectionRequest
from connections.services import request_challenge_fail, request_challenge_pass
from customers.models import BuyerInvoiceRecord
from customers.selectors import RecentInvoices, recent_invoices, supplier_records
from portal.lib.tenancy import for_org
from suppliers.models import SupplierAccount, User

Step = Challenge.Step
Outcome = ChallengeAttempt.Outcome
MAX_WRONG_ANSWERS = 5
ANSWERS_PER_HOUR = 10
HOUR = 3600


class Result(Enum):
    RIGHT = "right"
    WRONG = "wrong"
    TO_SUPPORT = "to_support"  # locked by wrong answers, or nothing left to ask: Scenario 1


class TooManyAnswers(Exception):
    """The account has given ANSWERS_PER_HOUR answers within the hour."""

    def __init__(self, retry_in_seconds: int):
        self.minutes = max(1, -(-retry_in_seconds // 60))
        super().__init__(
            ngettext(
                "This account has answered too many challenges in the last hour. Please try again in %(minutes)s minute.",
                "This account has answered too many challenges in the last hour. Please try again in %(minutes)s minutes.",
                self.minutes,
            )
            % {"minutes": self.minutes}
        )


@dataclass(frozen=True)
class Answer:
    """What the supplier typed; the number is empty at step 2, which asks about a shown invoice."""

    invoice_date: date
    amount: Decimal
    number: str = ""


def challenge_create(*, req: ConnectionRequest) -> Challenge:
    """The request's invoice challenge, at its first step. Called in the transaction that moved
    the request to CHALLENGE (connections.signals.request_challenged)."""
    return Challenge.objects.create(organisation_id=req.organisation_id, request=req)


def _answer_count(account: SupplierAccount) -> None:
    """Counts one answer of the account in its hour, or refuses it. The hour starts with its first
    answer; the counter lives in the cache (Redis in production), shared by every web process."""
    key = f"challenge-answers:{account.pk}"
    if cache.add(key, 0, timeout=HOUR):
        cache.set(f"{key}:since", time.time(), timeout=HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # the hour ran out between add and incr
        cache.add(key, 1, timeout=HOUR)
        count = 1
    if count > ANSWERS_PER_HOUR:
        since = cache.get(f"{key}:since") or time.time()
        raise TooManyAnswers(int(since + HOUR - time.time()))


def _locked(challenge: Challenge, *steps: str) -> Challenge:
    """The challenge, locked, while its request still waits at one of `steps`."""
    locked = (
        for_org(Challenge, challenge.organisation_id)
        .select_for_update(of=("self",))
        .select_related("request__account", "request__buyer", "challenged_record")
        .get(pk=challenge.pk)
    )
    if locked.step not in steps or locked.request.state != locked.request.State.CHALLENGE:
        raise ValidationError(_("This verification has already moved on."))
    return locked


def _attempt(challenge: Challenge, *, step: str, outcome: str, by: User, client_address: str | None):
    ChallengeAttempt.objects.create(
        challenge=challenge,
        user=by,
        step=step,
        outcome=outcome,
        client_address=client_address,
    )


def _matches(record: BuyerInvoiceRecord, answer: Answer) -> bool:
    return record.invoice_date == answer.invoice_date and record.amount == answer.amount


def _wrong(challenge: Challenge, *, step: str, by: User, client_address: str | None) -> Result:
    _attempt(challenge, step=step, outcome=Outcome.WRONG, by=by, client_address=client_address)
    challenge.wrong_answers += 1
    if challenge.wrong_answers < MAX_WRONG_ANSWERS:
        challenge.save(update_fields=["wrong_answers", "updated_at"])
        return Result.WRONG
    return _to_support(challenge, Step.LOCKED, by=by)


def _to_support(challenge: Challenge, step: str, *, by: User) -> Result:
    """The challenge ends at `step` without proof: the request goes to the buyer and support."""
    challenge.step = step
    challenge.save(update_fields=["step", "wrong_answers", "updated_at"])
    request_challenge_fail(req=challenge.request, by=by)
    return Result.TO_SUPPORT


def _entered(challenge: Challenge, answer: Answer, recent: RecentInvoices) -> BuyerInvoiceRecord | None:
    """The recent invoice the supplier describes: its number after trimming and case-folding, its
    date exactly, its amount to the cent."""
    if recent.since is None or answer.invoice_date < recent.since:
        return None
    same_day = supplier_records(account=challenge.request.account, buyer=challenge.request.buyer).filter(
        invoice_date=answer.invoice_date
    )
    number = answer.number.strip().casefold()
    return next((r for r in same_day if r.invoice_number.casefold() == number and _matches(r, answer)), None)


def _record_to_ask(recent: RecentInvoices, entered: BuyerInvoiceRecord) -> BuyerInvoiceRecord | None:
    """Another recent invoice at random: never the one just entered, whatever its spelling."""
    others = [record for record in recent.records if record.invoice_number.casefold() != entered.invoice_number.casefold()]
    return secrets.choice(others) if others else None


@transaction.atomic
def invoice_enter(*, challenge: Challenge, answer: Answer, by: User, client_address: str | None = None) -> Result:
    """Step 1: the number, date and amount of a recent invoice to this buyer."""
    challenge = _locked(challenge, Step.INVOICE)
    _answer_count(challenge.request.account)
    recent = recent_invoices(account=challenge.request.account, buyer=challenge.request.buyer)
    entered = _entered(challenge, answer, recent)
    if entered is None:
        return _wrong(challenge, step=Step.INVOICE, by=by, client_address=client_address)
    _attempt(challenge, step=Step.INVOICE, outcome=Outcome.RIGHT, by=by, client_address=client_address)
    challenge.challenged_record = _record_to_ask(recent, entered)
    if challenge.challenged_record is None:  # the buyer's data changed since the request was made
        return _to_support(challenge, Step.GIVEN_UP, by=by)
    challenge.step = Step.CHALLENGE
    challenge.save(update_fields=["challenged_record", "step", "updated_at"])
    return Result.RIGHT


@transaction.atomic
def challenge_answer(*, challenge: Challenge, answer: Answer, by: User, client_address: str | None = None) -> Result:
    """Step 2: the date and amount of the invoice shown. Right, and the request is connected."""
    challenge = _locked(challenge, Step.CHALLENGE)
    _answer_count(challenge.request.account)
    if not _matches(challenge.challenged_record, answer):
        return _wrong(challenge, step=Step.CHALLENGE, by=by, client_address=client_address)
    _attempt(challenge, step=Step.CHALLENGE, outcome=Outcome.RIGHT, by=by, client_address=client_address)
    challenge.step = Step.PASSED
    challenge.save(update_fields=["step", "updated_at"])
    request_challenge_pass(req=challenge.request, by=by, proven=challenge.challenged_record)
    return Result.RIGHT


@transaction.atomic
def challenge_give_up(*, challenge: Challenge, by: User, client_address: str | None = None) -> Result:
    """"I can't complete this": the request goes to the buyer and support instead (Scenario 1)."""
    challenge = _locked(challenge, *Challenge.OPEN_STEPS)
    _attempt(challenge, step=challenge.step, outcome=Outcome.GAVE_UP, by=by, client_address=client_address)
    return _to_support(challenge, Step.GIVEN_UP, by=by)
