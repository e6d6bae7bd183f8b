"""Sign-in throttling on top of django-axes (settings: AXES_*, SIGN_IN_ADDRESS_FAILURE_LIMIT)."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def attempted_username(request, credentials: dict | None) -> str:
    """The name typed, as the sign-in matches it: `Elise@Example.com` and `elise@example.com` are
    one e-mail address, so guesses at it count together."""
    if credentials:
        typed = credentials.get("username") or ""
    else:
        typed = request.POST.get("username", "")
    return typed.strip().lower()


class SignInAttemptsHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits where axes has one: AXES_FAILURE_LIMIT failures for
    one user name from one address, or SIGN_IN_ADDRESS_FAILURE_LIMIT from one address whatever
    the names (AXES_LOCKOUT_PARAMETERS lists the two, in that order)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures that count against AXES_FAILURE_LIMIT: the name's from this address, or
        the limit itself once the address as a whole has reached its own."""
        by_name, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(by_name, settings.AXES_FAILURE_LIMIT)
        return by_name
