"""Links e-mailed to someone, whose signature (salted, expiring) is the access check: the buyer's
confirmation link, the e-mail address verification link."""

from datetime import timedelta
from enum import Enum

from django.core import signing


class LinkProblem(Enum):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    USED = "used"


class LinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def signed_payload(token: str, *, salt: str, max_age: timedelta) -> dict:
    """What `signing.dumps(payload, salt=salt)` signed, if no older than max_age; LinkError with
    EXPIRED or TAMPERED otherwise."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LinkProblem.TAMPERED) from None
