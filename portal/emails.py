"""E-mails: each rendered in its recipient's language and time zone from
templates/emails/<name>_subject.txt, <name>.txt and <name>.html."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.timezones import person_time_zone


def absolute_url(path: str) -> str:
    """The portal's `path` as a link for an e-mail: under PORTAL_URL, which defaults to the port the
    portal runs on (`make run PORT=8801`)."""
    return settings.PORTAL_URL.rstrip("/") + path


def email_send(*, to: str, template: str, context: dict, language: str = "", time_zone: str = "") -> None:
    """`time_zone`: the recipient's chosen zone name (a `User.time_zone`); without one, the zone
    of `language`'s country."""
    zone = zoneinfo.ZoneInfo(person_time_zone(time_zone=time_zone, language=language))
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
