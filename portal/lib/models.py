from django.db import models
from django.utils.translation import gettext_lazy as _


class TenantQuerySet(models.QuerySet):
    def for_org(self, org):
        """These rows that belong to `org` (an Organisation or its id); none without one."""
        # Imported here: portal.lib.tenancy resolves the suppliers models, which build on this module.
        from portal.lib.tenancy import for_org

        return for_org(self, org)


class TenantOwned(models.Model):
    """A row owned by one organisation: the key every tenant-owned query filters on.

    `organisation_from` names the foreign key (account, request, ticket...) whose organisation
    the row belongs to. `save()` copies the organisation from it when none is given and refuses
    one that differs, so a row can never be stamped with another tenant's organisation. Rows
    without such a parent (None) are given their organisation explicitly. `bulk_create` skips
    `save()`: bulk loaders copy the organisation themselves.
    """

    organisation_from: str | None = "account"

    organisation = models.ForeignKey("suppliers.Organisation", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.organisation_stamp()
        super().save(*args, **kwargs)

    def organisation_stamp(self) -> None:
        """Sets `organisation` from the parent row. Raises ValueError when the organisation given
        is not the parent's (a scoping bug, never user input)."""
        if not self.organisation_from or getattr(self, f"{self.organisation_from}_id") is None:
            return
        parent = getattr(self, self.organisation_from)
        if self.organisation_id is None:
            self.organisation_id = parent.organisation_id
        elif self.organisation_id != parent.organisation_id:
            raise ValueError(
                f"{type(self).__name__}: organisation {self.organisation_id} is not its "
                f"{self.organisation_from}'s ({parent.organisation_id})"
            )


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
