from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """An e-mail claimed for one event and one recipient (portal.lib.emails.email_send): the unique
    pair is what makes a task delivered twice send once.

    Defined here, beside the code that writes it, and installed by the shell's `portal` app
    (portal/models.py imports it): the table and its migration stay the `portal` app's."""

    event = models.CharField(_("event"), max_length=200)
    recipient = models.EmailField(_("recipient"))
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    # Empty while the e-mail is being sent, and for good if the worker died meanwhile.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [models.UniqueConstraint(fields=["event", "recipient"], name="sent_email_once_per_event")]

    def __str__(self):
        return f"{self.event} → {self.recipient}"
