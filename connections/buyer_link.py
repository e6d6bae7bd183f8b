"""The buyer's confirmation links. Buyers have no account: the signature (salted, expiring) is the
access check. A request's link is single-use through the request's nonce (a resend or an answer
retires it); a relationship's identity link names the pause it answers, so it stops working once
the relationship is confirmed (or paused again)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from connections.models import ConnectionRequest, Relationship
from portal.lib.emails import absolute_url
from portal.lib.signed_links import LinkError, LinkProblem, signed_payload

SALT = "connections.buyer-link"
IDENTITY_SALT = "connections.identity-link"
MAX_AGE = timedelta(days=30)


def buyer_link_token(req: ConnectionRequest) -> str:
    return signing.dumps({"r": str(req.code), "n": req.buyer_link_nonce}, salt=SALT)


def buyer_link_urls(req: ConnectionRequest) -> dict[str, str]:
    """The page where the buyer answers, and its attachment's download, both behind one token."""
    token = buyer_link_token(req)
    return {
        "link": absolute_url(reverse("connections:buyer-request", kwargs={"token": token})),
        "attachment_link": absolute_url(reverse("connections:buyer-attachment", kwargs={"token": token})),
    }


def buyer_link_open(token: str) -> ConnectionRequest:
    """The request the link names, while the link is still good; LinkError otherwise."""
    payload = signed_payload(token, salt=SALT, max_age=MAX_AGE)
    req = (
        ConnectionRequest.objects.select_related("account", "buyer", "attachment", "ticket")
        .filter(code=payload["r"])
        .first()
    )
    if req is None:
        raise LinkError(LinkProblem.TAMPERED)
    if req.state == ConnectionRequest.State.EXPIRED:
        raise LinkError(LinkProblem.EXPIRED)
    if req.state != ConnectionRequest.State.AWAITING_BUYER or req.buyer_link_nonce != payload["n"]:
        raise LinkError(LinkProblem.USED)
    return req


def identity_link_url(relationship: Relationship) -> str:
    """Where the buyer confirms the supplier's new identity for a paused relationship."""
    token = signing.dumps({"r": str(relationship.code), "p": relationship.paused_at.isoformat()}, salt=IDENTITY_SALT)
    return absolute_url(reverse("connections:buyer-identity", kwargs={"token": token}))


def identity_link_open(token: str) -> Relationship:
    """The paused relationship the link names, while it waits for this very confirmation;
    LinkError otherwise."""
    payload = signed_payload(token, salt=IDENTITY_SALT, max_age=MAX_AGE)
    relationship = Relationship.objects.select_related("account", "buyer").filter(code=payload["r"]).first()
    if relationship is None:
        raise LinkError(LinkProblem.TAMPERED)
    if relationship.paused_at is None or relationship.paused_at.isoformat() != payload["p"]:
        raise LinkError(LinkProblem.USED)
    return relationship
