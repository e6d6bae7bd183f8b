"""E-mails: each rendered in its recipient's language from templates/emails/<name>_subject.txt,
<name>.txt and <name>.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """The portal's `path` as a link for an e-mail: under PORTAL_URL, which defaults to the port the
    portal runs on (`make run PORT=8801`)."""
    return settings.PORTAL_URL.rstrip("/") + path


def email_send(*, to: str, template: str, context: dict, language: str = "") -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
