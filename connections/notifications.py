"""E-mails to buyers and suppliers about connection requests, and the buyer-link reminders (at 3,
7 and 14 days). Each function loads by id, checks the request is still where it expects, and is
safe to run twice: each e-mail names its event, and portal.lib.emails.email_send sends an event's
e-mail once per recipient. Run by connections.tasks."""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from connections.buyer_link import buyer_link_urls, identity_link_url
from connections.models import ConnectionRequest, Relationship
from connections.selectors import request_rejected_by_support
from portal.lib.emails import absolute_url, email_send
from suppliers.selectors import people_to_tell

State = ConnectionRequest.State
REMINDER_DAYS = (3, 7, 14)


def _request(request_id: int) -> ConnectionRequest:
    return ConnectionRequest.objects.select_related("account", "buyer", "attachment", "ticket").get(pk=request_id)


def _buyer_email(req: ConnectionRequest, *, reminder: int = 0) -> None:
    """The buyer's link (`reminder` 0) or its n-th reminder; a link resent is a new event, since
    it carries a new nonce."""
    email_send(
        to=req.buyer.ap_contact_email,
        template="buyer_request",
        context={"req": req, "reminder": bool(reminder), **buyer_link_urls(req)},
        language=req.buyer.ap_contact_language,
        event=f"buyer_request:{req.pk}:{req.buyer_link_nonce}:{reminder}",
    )


def _request_link(req: ConnectionRequest) -> str:
    return absolute_url(reverse("connections:request-detail", kwargs={"request_code": req.code}))


def buyer_email_send(*, request_id: int) -> None:
    """The buyer's link to its AP contact, once; the reminders' clock starts when it has gone."""
    req = _request(request_id)
    if req.state != State.AWAITING_BUYER or req.buyer_emailed_at is not None:
        return
    _buyer_email(req)
    # Also when the e-mail had already gone (a worker that died before this line): the reminders'
    # clock starts from here.
    ConnectionRequest.objects.filter(pk=req.pk, buyer_emailed_at__isnull=True).update(buyer_emailed_at=timezone.now())


def buyer_reminders_send() -> int:
    """At most three reminders per request awaiting its buyer, each once its day has come;
    returns how many were sent."""
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
        # Count the reminder first, so a second run (or a second worker) moves on to the next one.
        claimed = ConnectionRequest.objects.filter(pk=req.pk, reminders_sent=req.reminders_sent).update(
            reminders_sent=F("reminders_sent") + 1
        )
        if claimed:
            _buyer_email(req, reminder=req.reminders_sent + 1)
            sent += 1
    return sent


def supplier_email_send(*, request_id: int, event: str) -> None:
    """Tells the supplier that a request was connected, rejected or expired (`event`)."""
    req = _request(request_id)
    link = _request_link(req)
    by_support = event == "rejected" and request_rejected_by_support(req=req)
    for person in people_to_tell(org=req.account.organisation, preferred=req.created_by):
        email_send(
            to=person.email,
            template=f"request_{event}",
            context={"req": req, "link": link, "person": person, "by_support": by_support},
            language=person.preferred_language,
            time_zone=person.time_zone,
            event=f"request_{event}:{req.pk}",
        )


def request_received_email_send(*, request_id: int) -> None:
    """Acknowledges a request handed to Help & Support, to the person who filed it: its
    reference number and deadline."""
    req = _request(request_id)
    person = req.created_by
    if person is None or not person.email or req.ticket_id is None:
        return
    email_send(
        to=person.email,
        template="request_received",
        context={"req": req, "link": _request_link(req), "person": person},
        language=person.preferred_language,
        time_zone=person.time_zone,
        event=f"request_received:{req.pk}",
    )


def buyer_identity_email_send(*, relationship_id: int) -> None:
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
        event=f"buyer_identity:{relationship.pk}:{relationship.paused_at.isoformat()}",
    )
    Relationship.objects.filter(pk=relationship.pk).update(buyer_asked_at=timezone.now())
