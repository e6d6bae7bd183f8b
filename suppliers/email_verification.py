"""Verifying a user's e-mail address by a link sent to it. The signature (salted, expiring) is the
proof; the address inside it makes the link single-use: once that address is verified the link
says so, and once the user has moved to another address it no longer works."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.lib.emails import absolute_url
from portal.lib.signed_links import LinkError, LinkProblem, signed_payload
from suppliers.models import User

SALT = "suppliers.email-verification"


def verification_url(user: User) -> str:
    """The link that verifies the user's current address, absolute (for the e-mail)."""
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT)
    return absolute_url(reverse("suppliers:email-verify", kwargs={"token": token}))


def verification_user(token: str) -> User:
    """The user (row-locked: call inside a transaction) whose address the link verifies, while the
    link is still good; LinkError otherwise."""
    payload = signed_payload(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    user = User.objects.select_for_update().filter(pk=payload["u"]).first()
    if user is None or user.email.lower() != payload["e"]:
        raise LinkError(LinkProblem.TAMPERED)
    if user.email_is_verified:
        raise LinkError(LinkProblem.USED)
    return user


def email_verified_to_post(view):
    """A view whose POSTs need a verified e-mail address (connecting, the invoice challenge): an
    unverified user's POST is refused with a message and sent back to the page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not request.user.email_is_verified:
            messages.error(
                request,
                _(
                    "Verify your e-mail address first: open the link we sent to %(email)s. "
                    "Connecting to customers is possible once it is verified."
                )
                % {"email": request.user.email},
            )
            return redirect(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
