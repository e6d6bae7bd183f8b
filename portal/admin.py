from django.contrib import admin

from portal.lib.admin import ReadOnlyModelAdmin
from portal.lib.models import SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyModelAdmin):
    """What the portal e-mailed. A claim never marked sent (sent: empty) is one whose worker died
    while sending: that e-mail may not have gone."""

    list_display = ["event", "recipient", "claimed_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["event", "recipient"]
    show_full_result_count = False
