"""The invitation link. The invitee may have no account yet: the signature (salted, expiring) is
the access check, and the invitation's `accepted_at` makes the link single-use. A revoked
invitation's row is gone, so its link answers as a tampered one."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from portal.lib.emails import absolute_url
from portal.lib.signed_links import LinkError, LinkProblem, signed_payload
from suppliers.models import Invitation

SALT = "suppliers.invitation"
MAX_AGE = timedelta(days=7)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": str(invitation.code)}, salt=SALT)


def invitation_url(invitation: Invitation) -> str:
    return absolute_url(reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)}))


def invitation_open(token: str) -> Invitation:
    """The invitation the link names, while the link is still good; LinkError otherwise."""
    payload = signed_payload(token, salt=SALT, max_age=MAX_AGE)
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(code=payload.get("i")).first()
    )
    if invitation is None:
        raise LinkError(LinkProblem.TAMPERED)
    if invitation.accepted_at is not None:
        raise LinkError(LinkProblem.USED)
    return invitation
