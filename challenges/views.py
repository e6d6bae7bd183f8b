from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from challenges.forms import ChallengeAnswerForm, InvoiceEntryForm
from challenges.models import Challenge
from challenges.selectors import challenge_get, challenges_of_requests
from challenges.services import (
    MAX_WRONG_ANSWERS,
    Result,
    TooManyAnswers,
    challenge_answer,
    challenge_give_up,
    invoice_enter,
)
from connections.batch import batch_query, request_codes
from invoices.selectors import load_state
from portal.lib.confirm import confirmation_page
from portal.lib.http import client_address
from portal.lib.tenancy import member_required, role_check
from suppliers.email_verification import email_verified_to_post
from suppliers.models import Membership

Step = Challenge.Step


class Batch:
    """The challenges of one CONNECT, walked in turn ("2 of 3"). The batch travels in the URL as
    its request codes, so leaving and coming back finds it again."""

    def __init__(self, request, current: Challenge):
        self.codes = request_codes(request)
        self.challenges = challenges_of_requests(org=request.org, request_codes=self.codes)
        if current.pk not in {challenge.pk for challenge in self.challenges}:
            self.challenges = [current]
        self.position = [challenge.pk for challenge in self.challenges].index(current.pk) + 1
        self.current = current

    @property
    def query(self) -> str:
        return batch_query(self.codes)

    def url(self, challenge: Challenge) -> str:
        url = reverse("challenges:activate", kwargs={"challenge_code": challenge.code})
        return f"{url}?{self.query}" if self.codes else url

    def next_challenge_url(self) -> str | None:
        waiting = [c for c in self.challenges if c.pk != self.current.pk and c.is_open]
        return self.url(waiting[0]) if waiting else None

    def next_url(self) -> str:
        """The next challenge still to answer, else every request of the batch with its outcome."""
        codes = self.codes or [self.current.request.code]
        submitted = f"{reverse('connections:requests-submitted')}?{batch_query(codes)}"
        return self.next_challenge_url() or submitted


def _answered(request, challenge: Challenge, form) -> Result | None:
    service = invoice_enter if challenge.step == Step.INVOICE else challenge_answer
    try:
        return service(challenge=challenge, answer=form.answer(), by=request.user, client_address=client_address(request))
    except TooManyAnswers as error:
        form.add_error(None, str(error))
    return None


def _handed_to_support(request, challenge: Challenge) -> None:
    messages.info(
        request,
        _(
            "Help & Support will ask %(buyer)s to confirm that you are one of their suppliers. "
            "Your request has a reference number for it."
        )
        % {"buyer": challenge.request.buyer.legal_name},
    )


@member_required
@email_verified_to_post
def activate(request, challenge_code):
    """"Activate your buyer": the step the challenge is at, with the activation workflow beside it."""
    challenge = challenge_get(org=request.org, code=challenge_code)
    role_check(request, Membership.Role.MEMBER)
    batch = Batch(request, challenge)
    if challenge.step == Step.PASSED:
        return _complete(request, challenge, batch)
    if not challenge.is_open or challenge.request.state != challenge.request.State.CHALLENGE:
        return redirect("connections:request-detail", request_code=challenge.request.code)
    form_class = InvoiceEntryForm if challenge.step == Step.INVOICE else ChallengeAnswerForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _answered(request, challenge, form)
        except ValidationError as error:  # answered meanwhile, in another tab: show where it is now
            messages.info(request, " ".join(error.messages))
            return redirect(batch.url(challenge))
        if result is Result.WRONG:
            form.add_error(None, _("The details do not match our records."))
            challenge.refresh_from_db(fields=["wrong_answers"])
        elif result is Result.TO_SUPPORT:
            messages.warning(request, _("We could not verify your relationship here."))
            _handed_to_support(request, challenge)
            return redirect(batch.next_url())
        elif result is Result.RIGHT:
            return redirect(batch.url(challenge))
    context = {"challenge": challenge, "batch": batch, "form": form}
    if challenge.wrong_answers:
        context["attempts_left"] = MAX_WRONG_ANSWERS - challenge.wrong_answers
    return render(request, "challenges/activate.html", context)


def _complete(request, challenge: Challenge, batch: Batch):
    context = {"challenge": challenge, "batch": batch, "next_challenge_url": batch.next_challenge_url()}
    if challenge.request.account_id == request.account.pk:
        context |= load_state(org=request.org, account=request.account)
    return render(request, "challenges/activate.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def give_up(request, challenge_code):
    """"I can't complete this": GET asks to confirm, POST hands the request to support (Scenario 1)."""
    challenge = challenge_get(org=request.org, code=challenge_code)
    # Read-only members are not even asked to confirm what they may not do.
    role_check(request, Membership.Role.MEMBER, to_read=True)
    batch = Batch(request, challenge)
    if request.method == "GET":
        return confirmation_page(
            request,
            title=_("I can't complete this"),
            question=_(
                "Stop the verification for %(buyer)s? Help & Support will ask your customer to confirm your "
                "details instead, which takes longer."
            )
            % {"buyer": challenge.request.buyer.legal_name},
            confirm_label=_("Stop the verification"),
            cancel_url=batch.url(challenge),
        )
    try:
        challenge_give_up(challenge=challenge, by=request.user, client_address=client_address(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(batch.url(challenge))
    _handed_to_support(request, challenge)
    return redirect(batch.next_url())
