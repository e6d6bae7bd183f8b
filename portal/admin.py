from django.contrib import admin

from portal.models import SentEmail


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Rows shown in admin but written only by the portal's own services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyModelAdmin):
    """What the portal e-mailed. A claim never marked sent (sent: empty) is one whose worker died
    while sending: that e-mail may not have gone."""

    list_display = ["event", "recipient", "claimed_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["event", "recipient"]
    show_full_result_count = False
