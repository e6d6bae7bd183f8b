"""E-mails to supplier users about their own account."""

from celery import shared_task
from django.conf import settings

from portal.emails import email_send
from suppliers.email_verification import verification_url
from suppliers.models import User


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_verification_send(user_id: int, sending: str) -> None:
    """The link that verifies the user's address; nothing once it is verified (a late run).
    `sending` names this request for a link, so "Send it again" sends anew while a redelivered
    task sends nothing more."""
    user = User.objects.get(pk=user_id)
    if user.email_is_verified or not user.email:
        return
    email_send(
        to=user.email,
        template="email_verification",
        context={"user": user, "link": verification_url(user), "days": settings.EMAIL_VERIFICATION_MAX_AGE.days},
        language=user.preferred_language,
        time_zone=user.time_zone,
        event=f"email_verification:{user.pk}:{sending}",
    )
