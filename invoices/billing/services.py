"""Writes of the billing wing: the integration's settings, testing a connection, and the push
outbox (exactly once: DESIGN.md "Billing push: exactly once")."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invoices.billing.base import BillingError, PushRequest
from invoices.billing.registry import adapter_class
from invoices.documents import ubl
from invoices.documents.mapping import to_en16931
from invoices.billing import tasks
from invoices.models import BillingIntegration, BillingPush, Invoice
from invoices.models.billing import PushState
from portal.lib.encryption import SecretUnreadable, secret_rotate


def billing_integration_save(
    *,
    account,
    system: str,
    credentials: dict[str, str],
    issue_zero_total: bool,
    auto_push: bool,
    include_link_in_email: bool,
) -> BillingIntegration:
    """Creates or updates the account's integration; `credentials` are stored encrypted, whole
    (the form has already kept the saved secrets that were left empty)."""
    with transaction.atomic():
        integration = (
            BillingIntegration.objects.select_for_update().filter(account=account).first()
            or BillingIntegration(account=account)
        )
        integration.system = system
        integration.credentials_set(credentials)
        integration.issue_zero_total = issue_zero_total
        integration.auto_push = auto_push
        integration.include_link_in_email = include_link_in_email
        integration.organisation_stamp()
        integration.full_clean()
        integration.save()
    return integration


def billing_credentials_rotate() -> int:
    """Re-encrypts every integration's credentials under the first key (key rotation; all
    organisations: an operator's command). Returns how many rows. Raises SecretUnreadable when a
    row opens with none of the keys."""
    count = 0
    with transaction.atomic():
        for integration in BillingIntegration.objects.select_for_update().exclude(credentials_encrypted=""):
            integration.credentials_encrypted = secret_rotate(integration.credentials_encrypted)
            integration.save(update_fields=["credentials_encrypted", "updated_at"])
            count += 1
    return count


def billing_connection_test(*, system: str, credentials: dict[str, str]) -> str | None:
    """None when the billing system accepts the credentials (a harmless authenticated call),
    else its own error in plain words (never containing the credentials)."""
    try:
        adapter_class(system)(credentials).test_connection()
    except BillingError as error:
        return error.message
    return None


# Never send one invoice's create request more than this many times (Számla Agent's guidance;
# the same for every system) before a person looks at it.
MAX_SENDS = 5


class PushBusy(Exception):
    """Another worker is calling the billing system for this push: try again in `wait` seconds."""

    def __init__(self, wait: float):
        super().__init__(f"push busy for {wait:.1f} s")
        self.wait = wait


def _lease() -> timedelta:
    # Longer than one attempt can take (a few calls, each up to the timeout): a live worker's
    # push is never taken over; a dead worker's is, once this has passed.
    return timedelta(seconds=settings.BILLING_TIMEOUT * 6 + 5)


def billing_push_create(*, invoice: Invoice) -> BillingPush | None:
    """The push of a just-sent invoice, its task enqueued on commit; None when the account has no
    integration, pushes automatically no more, or the total is zero (BT-112) and the integration
    does not issue zero totals. Idempotent: a second call returns the same push."""
    integration = BillingIntegration.objects.filter(account_id=invoice.account_id).first()
    if integration is None or not integration.auto_push:
        return None
    if invoice.tax_inclusive == 0 and not integration.issue_zero_total:
        return None
    push, created = BillingPush.objects.get_or_create(
        invoice=invoice, defaults={"integration": integration, "organisation_id": invoice.organisation_id}
    )
    if created:
        tasks.billing_push.delay_on_commit(str(push.code))
    return push


def push_request_build(push: BillingPush, *, with_ubl: bool = False) -> PushRequest:
    """What the adapter sends for `push`: the invoice as the EN 16931 model (and its UBL when the
    adapter sends it)."""
    invoice = (
        Invoice.objects.select_related("account", "buyer", "preceding_invoice")
        .prefetch_related("lines", "allowances_charges")
        .get(pk=push.invoice_id)
    )
    document = to_en16931(invoice)
    return PushRequest(
        invoice_id=invoice.uuid, push_id=push.code, document=document, ubl=ubl.write(document) if with_ubl else b""
    )


def _claim(push_code: str) -> BillingPush:
    """Marks the push `sending` (committed before any call). Raises PushBusy while another
    worker's lease runs."""
    now = timezone.now()
    with transaction.atomic():
        push = BillingPush.objects.select_for_update().select_related("integration").get(code=push_code)
        if push.state in (PushState.CREATED, PushState.FAILED):
            return push
        if push.leased_until and push.leased_until > now:
            raise PushBusy((push.leased_until - now).total_seconds())
        push.state = PushState.SENDING
        push.attempts += 1
        push.leased_until = now + _lease()
        push.save(update_fields=["state", "attempts", "leased_until", "updated_at"])
    return push


def _record_send(push: BillingPush) -> None:
    """Called just before the create request: counted and committed first, so a worker that dies
    during the call leaves the next one to ask before creating."""
    if push.sends >= MAX_SENDS:
        raise BillingError(
            _("The invoice was sent %(count)s times without a clear answer; check the billing system, then retry.")
            % {"count": push.sends},
            permanent=True,
        )
    push.sends += 1
    push.check_first = True
    with transaction.atomic():
        BillingPush.objects.filter(pk=push.pk).update(sends=push.sends, check_first=True, updated_at=timezone.now())


def _record(push: BillingPush, **fields) -> BillingPush:
    fields = {"leased_until": None, "updated_at": timezone.now(), **fields}
    BillingPush.objects.filter(pk=push.pk).update(**fields)
    for name, value in fields.items():
        setattr(push, name, value)
    return push


def billing_push_run(*, push_code: str) -> BillingPush:
    """One attempt at a push; safe to run twice or concurrently. A push that may already exist
    in the billing system (a create was sent and its answer lost) is looked up by our id first.

    Raises BillingError for a temporary failure (the task retries; `retry_after` seconds when
    the billing system said so), PushBusy while another worker holds it. A permanent failure is
    recorded (`failed`, with the billing system's message) and not raised."""
    push = _claim(push_code)
    if push.state != PushState.SENDING:
        return push
    integration = push.integration
    sent = []

    def before_send() -> None:
        _record_send(push)
        sent.append(True)

    try:
        adapter = adapter_class(integration.system)(integration.credentials)
        request = push_request_build(push, with_ubl=adapter.sends_ubl)
        found = adapter.find(request) if push.check_first else None
        if found is None:
            found = adapter.create(request, before_send=before_send)
    except BillingError as error:
        # A send refused for sure (429, validation) created nothing: no need to ask next time.
        check_first = push.check_first and not (sent and not error.maybe_created)
        if error.permanent:
            _record(push, state=PushState.FAILED, check_first=check_first, last_error=error.message[:500], finished_at=timezone.now())
            return push
        state = PushState.UNKNOWN if check_first else PushState.PENDING
        _record(push, state=state, check_first=check_first, last_error=error.message[:500])
        raise
    except SecretUnreadable:
        _record(push, state=PushState.FAILED, last_error=str(_("The billing credentials cannot be read: enter them again.")))
        return push
    return _record(
        push,
        state=PushState.CREATED,
        external_id=found.external_id[:100],
        external_number=found.number[:100],
        external_link=found.link[:500],
        check_first=False,
        last_error="",
        finished_at=timezone.now(),
    )


def billing_push_give_up(*, push_code: str, error: BillingError) -> None:
    """After the last retry: failed, with the last message, until someone retries it."""
    with transaction.atomic():
        push = BillingPush.objects.select_for_update().get(code=push_code)
        if push.state in (PushState.CREATED, PushState.FAILED):
            return
        message = _("Gave up after %(count)s attempts: %(message)s") % {"count": push.attempts, "message": error.message}
        _record(push, state=PushState.FAILED, last_error=message[:500], finished_at=timezone.now())


def billing_push_retry(*, push: BillingPush) -> BillingPush:
    """A failed push, started again (after the settings were fixed): it asks the billing system
    first if a create may have reached it, and may send MAX_SENDS more times."""
    with transaction.atomic():
        push = BillingPush.objects.select_for_update().get(pk=push.pk)
        if push.state != PushState.FAILED:
            return push
        push.integration = BillingIntegration.objects.get(account_id=push.invoice.account_id)
        push.state = PushState.PENDING
        push.sends = 0
        push.finished_at = None
        push.save(update_fields=["integration", "state", "sends", "finished_at", "updated_at"])
        tasks.billing_push.delay_on_commit(str(push.code))
    return push
