"""The billing queue's task: an interface to invoices.billing.services."""

import random

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

# The module, not its names: services enqueue this task, so either module may be imported first.
from invoices.billing import services
from invoices.billing.base import BillingError


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter: up to BILLING_RETRY_BACKOFF × 2^retries seconds,
    capped at ten minutes."""
    return random.uniform(0, min(600.0, settings.BILLING_RETRY_BACKOFF * 2**retries))


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None, autoretry_for=(DatabaseError,))
def billing_push(self, push_code: str) -> None:
    """Pushes one invoice to its billing system, exactly once (services.billing_push_run).
    Temporary failures retry with backoff (at least the billing system's Retry-After; after a
    lost answer, longer than the timeout before asking for our id), up to BILLING_MAX_RETRIES."""
    try:
        services.billing_push_run(push_code=push_code)
    except services.PushBusy as busy:
        if self.request.is_eager:
            return  # in-process, the holder is this very process: it finishes the push
        raise self.retry(countdown=busy.wait + random.uniform(0, 1)) from None
    except BillingError as error:
        if self.request.retries >= settings.BILLING_MAX_RETRIES:
            services.billing_push_give_up(push_code=push_code, error=error)
            return
        if self.request.is_eager:
            # No broker (make run, tests): the retries run in-process at once, without waiting.
            billing_push.apply(args=(push_code,), retries=self.request.retries + 1)
            return
        countdown = _backoff(self.request.retries)
        if error.retry_after is not None:
            countdown = max(countdown, error.retry_after)
        if error.maybe_created:
            countdown = max(countdown, settings.BILLING_TIMEOUT)
        raise self.retry(countdown=countdown) from None
