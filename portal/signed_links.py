"""Links e-mailed to people who may have no session (a buyer, an invited colleague): the salted,
expiring signature is the access check; each caller adds its own single-use rule."""

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


def signed_link_load(token: str, *, salt: str, max_age: timedelta) -> dict:
    """The payload signed into `token`; LinkError(EXPIRED) past `max_age`, LinkError(TAMPERED) if
    the signature does not match."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED)
    except signing.BadSignature:
        raise LinkError(LinkProblem.TAMPERED)
