from celery import shared_task
from django.utils import timezone

from portal.emails import email_send
from suppliers.colleagues.links import MAX_AGE, invitation_url
from suppliers.models import Invitation


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
    )
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
