"""E-mails: each rendered in its recipient's language and time zone from
templates/emails/<name>_subject.txt, <name>.txt and <name>.html, and sent once per event and
recipient however often the task that sends it runs."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.lib.models import SentEmail
from portal.lib.timezones import person_time_zone


def absolute_url(path: str) -> str:
    """The portal's `path` as a link for an e-mail: under PORTAL_URL, which defaults to the port the
    portal runs on (`make run PORT=8801`)."""
    return settings.PORTAL_URL.rstrip("/") + path


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    event: str,
    language: str = "",
    time_zone: str = "",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> bool:
    """Send the e-mail unless one was already sent (or is being sent) for `event` to `to`.

    `event` names what happened, with the ids that make it unique ("request_rejected:42",
    "ticket_message:7"): a task that Celery delivers again, or that two workers run at once,
    sends nothing more. Returns True if this call sent it. Errors of the mail backend (OSError,
    SMTPException) are raised after the claim is released, so a retry sends.

    The claim is committed before the message leaves and marked sent after: a worker that dies
    in between leaves a claim without `sent_at` and the e-mail is not sent again. We chose at
    most once over at least once because every e-mail here tells of a state the portal also
    shows (the request page, the ticket), and support can resend the buyer's link, whereas a
    duplicate reaches the recipient and cannot be taken back.

    `time_zone`: the recipient's chosen zone name (a `User.time_zone`); without one, the zone
    of `language`'s country.

    `attachments`: (file name, content, MIME type) of each file attached.
    """
    zone = zoneinfo.ZoneInfo(person_time_zone(time_zone=time_zone, language=language))
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    try:
        with transaction.atomic():
            claim = SentEmail.objects.create(event=event, recipient=to.lower())
    except IntegrityError:
        return False
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    try:
        message.send()
    except Exception:
        claim.delete()
        raise
    SentEmail.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True
