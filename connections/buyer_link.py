"""The buyer's confirmation link. Buyers have no account: the signature (salted, expiring) is the
access check, and the request's nonce makes the link single-use (a resend or an answer retires
it)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from connections.models import ConnectionRequest
from portal.emails import absolute_url
from portal.signed_links import LinkError, LinkProblem, signed_payload

SALT = "connections.buyer-link"
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
