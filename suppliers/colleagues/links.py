"""The invitation link. The invitee may have no account yet: the signature (salted, expiring) is
the access check, and the invitation's `accepted_at` makes the link single-use."""

from datetime import timedelta
from enum import Enum

from django.core import signing
from django.urls import reverse

from portal.emails import absolute_url
from suppliers.models import Invitation

SALT = "suppliers.invitation"
MAX_AGE = timedelta(days=7)


class LinkProblem(Enum):
    TAMPERED = "tampered"  # also a revoked invitation: its row is gone
    EXPIRED = "expired"
    USED = "used"


class InvitationLinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": str(invitation.code)}, salt=SALT)


def invitation_url(invitation: Invitation) -> str:
    return absolute_url(reverse("suppliers:invitation-accept", kwargs={"token": invitation_token(invitation)}))


def invitation_open(token: str) -> Invitation:
    """The invitation the link names, while the link is still good; InvitationLinkError otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationLinkError(LinkProblem.EXPIRED)
    except signing.BadSignature:
        raise InvitationLinkError(LinkProblem.TAMPERED)
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(code=payload.get("i")).first()
    )
    if invitation is None:
        raise InvitationLinkError(LinkProblem.TAMPERED)
    if invitation.accepted_at is not None:
        raise InvitationLinkError(LinkProblem.USED)
    return invitation
