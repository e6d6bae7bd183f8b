"""The three-step invoice challenge (Scenario 2): a supplier proves it works with a buyer by
knowing the buyer's records of its earlier invoices. Written only by challenges/services.py."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from connections.models import ConnectionRequest
from customers.models import BuyerInvoiceRecord
from portal.lib.models import TenantOwned


class Challenge(TenantOwned):
    """One request's challenge: the step it is at (so leaving and coming back resumes there),
    the invoice it asks about, and the wrong answers so far."""

    class Step(models.TextChoices):
        INVOICE = "invoice", _("Enter an invoice")
        CHALLENGE = "challenge", _("Pass a challenge")
        PASSED = "passed", _("Complete")
        LOCKED = "locked", _("Locked after too many wrong answers")
        GIVEN_UP = "given_up", _("Could not be completed")

    OPEN_STEPS = (Step.INVOICE, Step.CHALLENGE)

    organisation_from = "request"

    request = models.OneToOneField(ConnectionRequest, on_delete=models.CASCADE, related_name="challenge")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.INVOICE)
    # Chosen once step 1 is passed and kept until answered: asking again must not reveal more.
    challenged_record = models.ForeignKey(
        BuyerInvoiceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wrong_answers = models.PositiveSmallIntegerField(_("wrong answers"), default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("invoice challenge")
        verbose_name_plural = _("invoice challenges")

    def __str__(self):
        return f"{self.request} · {self.get_step_display()}"

    @property
    def is_open(self) -> bool:
        return self.step in self.OPEN_STEPS


class ChallengeAttempt(TenantOwned):
    """One answer: who, when, at which step, the outcome and from where, never the values typed."""

    class Outcome(models.TextChoices):
        RIGHT = "right", _("Right")
        WRONG = "wrong", _("Wrong")
        GAVE_UP = "gave_up", _("Could not complete")

    organisation_from = "challenge"

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(_("step"), max_length=10, choices=Challenge.Step.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("challenge attempt")
        verbose_name_plural = _("challenge attempts")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_step_display()}: {self.get_outcome_display()}"
