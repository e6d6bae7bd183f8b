"""E-mails to buyers and suppliers about connection requests, and the buyer-link clock
(reminders at 3, 7 and 14 days, expiry at 30). Each task loads by id, checks the request is
still where it expects, and is safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from connections.buyer_link import MAX_AGE, buyer_link_urls, identity_link_url
from connections.models import ConnectionRequest, Relationship
from connections.services import request_expire
from portal.emails import absolute_url, email_send
from suppliers.selectors import people_to_tell

State = ConnectionRequest.State
REMINDER_DAYS = (3, 7, 14)


def _request(request_id: int) -> ConnectionRequest:
    return ConnectionRequest.objects.select_related("account", "buyer", "attachment", "ticket").get(pk=request_id)


def _buyer_email(req: ConnectionRequest, *, reminder: bool) -> None:
    email_send(
        to=req.buyer.ap_contact_email,
        template="buyer_request",
        context={"req": req, "reminder": reminder, **buyer_link_urls(req)},
        language=req.buyer.ap_contact_language,
    )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def buyer_email_send(request_id: int) -> None:
    req = _request(request_id)
    if req.state != State.AWAITING_BUYER or req.buyer_emailed_at is not None:
        return
    _buyer_email(req, reminder=False)
    ConnectionRequest.objects.filter(pk=req.pk).update(buyer_emailed_at=timezone.now())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def buyer_reminders_send() -> int:
    """Run by beat: at most three reminders, each once its day has come."""
    now = timezone.now()
    due = ConnectionRequest.objects.filter(
        state=State.AWAITING_BUYER,
        reminders_sent__lt=len(REMINDER_DAYS),
        buyer_emailed_at__lte=now - timedelta(days=REMINDER_DAYS[0]),
    )
    sent = 0
    for req in due.select_related("account", "buyer", "attachment", "ticket"):
        if req.buyer_emailed_at + timedelta(days=REMINDER_DAYS[req.reminders_sent]) > now:
            continue
        # Claim the reminder first, so a second run (or a second worker) never sends it again.
        claimed = ConnectionRequest.objects.filter(pk=req.pk, reminders_sent=req.reminders_sent).update(
            reminders_sent=F("reminders_sent") + 1
        )
        if claimed:
            _buyer_email(req, reminder=True)
            sent += 1
    return sent


@shared_task(acks_late=True)
def requests_expire() -> int:
    """Run by beat: requests whose buyer link has run out without an answer."""
    stale = ConnectionRequest.objects.filter(
        state=State.AWAITING_BUYER, buyer_emailed_at__lte=timezone.now() - MAX_AGE
    )
    expired = 0
    for req in stale:
        try:
            request_expire(req=req)
            expired += 1
        except ValidationError:  # answered meanwhile
            continue
    return expired


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def supplier_email_send(request_id: int, event: str) -> None:
    """Tells the supplier that a request was connected, rejected or expired."""
    req = _request(request_id)
    link = absolute_url(reverse("connections:request-detail", kwargs={"request_code": req.code}))
    for person in people_to_tell(org=req.account.organisation, preferred=req.created_by):
        email_send(
            to=person.email,
            template=f"request_{event}",
            context={"req": req, "link": link, "person": person},
            language=person.preferred_language,
        )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def buyer_identity_email_send(relationship_id: int) -> None:
    """Asks the buyer's AP contact to confirm a supplier's new identity, once per pause."""
    relationship = Relationship.objects.select_related("account", "buyer").get(pk=relationship_id)
    buyer = relationship.buyer
    if relationship.paused_at is None or relationship.buyer_asked_at is not None or not buyer.ap_contact_email:
        return
    email_send(
        to=buyer.ap_contact_email,
        template="buyer_identity",
        context={"relationship": relationship, "link": identity_link_url(relationship)},
        language=buyer.ap_contact_language,
    )
    Relationship.objects.filter(pk=relationship.pk).update(buyer_asked_at=timezone.now())
