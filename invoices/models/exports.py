"""Exports of "Where is my invoice?" as CSV files, written by a Celery task (the request that asks
for one returns at once: a million-row file takes a worker minutes, which no web worker may hold)
and fetched from the export's page once ready."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.lib.models import TenantOwned
from portal.lib.uploads import private_storage
from suppliers.models import SupplierAccount


class StatusExport(TenantOwned):
    """One CSV export of an account's invoice statuses: the filters asked for, its progress, and
    its file (MEDIA_ROOT/private/exports/, removed with the row after EXPORT_KEEP_HOURS)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    account = models.ForeignKey(SupplierAccount, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # StatusFilterForm's cleaned data (dates and amounts as ISO text), and the language the file's
    # column names, statuses and decimal mark are written in.
    filters = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    language = models.CharField(max_length=10)
    filename = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(storage=private_storage, max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"]), models.Index(fields=["created_at"])]

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.rows_done / self.rows_total)) if self.rows_total else 0

    @property
    def under_way(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
