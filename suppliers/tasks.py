"""E-mails to supplier users about their own account, and to the colleagues they invite."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from portal.lib.emails import email_send
from suppliers.colleagues.links import MAX_AGE, invitation_url
from suppliers.email_verification import verification_url
from suppliers.models import Invitation, User


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


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_email_send(invitation_id: int) -> None:
    """E-mails the invitation link, in the inviter's language; once (a revoked, accepted or
    already e-mailed invitation is left alone)."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None or invitation.emailed_at is not None:
        return
    email_send(
        to=invitation.email,
        template="invitation",
        context={"invitation": invitation, "link": invitation_url(invitation), "max_age_days": MAX_AGE.days},
        language=invitation.language,
        event=f"invitation:{invitation.pk}",
    )
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
