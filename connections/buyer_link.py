"""The buyer's confirmation links. Buyers have no account: the signature (salted, expiring) is the
access check. A request's link is single-use through the request's nonce (a resend or an answer
retires it); a relationship's identity link names the pause it answers, so it stops working once
the relationship is confirmed (or paused again)."""

from datetime import timedelta
from enum import Enum

from django.core import signing
from django.urls import reverse

from connections.models import ConnectionRequest, Relationship
from portal.emails import absolute_url

SALT = "connections.buyer-link"
IDENTITY_SALT = "connections.identity-link"
MAX_AGE = timedelta(days=30)


class LinkProblem(Enum):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    USED = "used"


class BuyerLinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def buyer_link_token(req: ConnectionRequest) -> str:
    return signing.dumps({"r": str(req.code), "n": req.buyer_link_nonce}, salt=SALT)


def buyer_link_urls(req: ConnectionRequest) -> dict[str, str]:
    """The page where the buyer answers, and its attachment's download, both behind one token."""
    token = buyer_link_token(req)
    return {
        "link": absolute_url(reverse("connections:buyer-request", kwargs={"token": token})),
        "attachment_link": absolute_url(reverse("connections:buyer-attachment", kwargs={"token": token})),
    }


def _payload(token: str, salt: str) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BuyerLinkError(LinkProblem.EXPIRED)
    except signing.BadSignature:
        raise BuyerLinkError(LinkProblem.TAMPERED)


def buyer_link_open(token: str) -> ConnectionRequest:
    """The request the link names, while the link is still good; BuyerLinkError otherwise."""
    payload = _payload(token, SALT)
    req = (
        ConnectionRequest.objects.select_related("account", "buyer", "attachment", "ticket")
        .filter(code=payload["r"])
        .first()
    )
    if req is None:
        raise BuyerLinkError(LinkProblem.TAMPERED)
    if req.state == ConnectionRequest.State.EXPIRED:
        raise BuyerLinkError(LinkProblem.EXPIRED)
    if req.state != ConnectionRequest.State.AWAITING_BUYER or req.buyer_link_nonce != payload["n"]:
        raise BuyerLinkError(LinkProblem.USED)
    return req


def identity_link_url(relationship: Relationship) -> str:
    """Where the buyer confirms the supplier's new identity for a paused relationship."""
    token = signing.dumps({"r": str(relationship.code), "p": relationship.paused_at.isoformat()}, salt=IDENTITY_SALT)
    return absolute_url(reverse("connections:buyer-identity", kwargs={"token": token}))


def identity_link_open(token: str) -> Relationship:
    """The paused relationship the link names, while it waits for this very confirmation;
    BuyerLinkError otherwise."""
    payload = _payload(token, IDENTITY_SALT)
    relationship = Relationship.objects.select_related("account", "buyer").filter(code=payload["r"]).first()
    if relationship is None:
        raise BuyerLinkError(LinkProblem.TAMPERED)
    if relationship.paused_at is None or relationship.paused_at.isoformat() != payload["p"]:
        raise BuyerLinkError(LinkProblem.USED)
    return relationship
