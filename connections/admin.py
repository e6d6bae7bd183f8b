from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from connections.models import AuditEntry, ConnectionRequest, Relationship
from portal.admin import ReadOnlyModelAdmin


class RequestPartiesColumns:
    """Admin columns for a row of one connection request (a ticket, a challenge): the supplier
    account and the customer it connects."""

    @admin.display(description=_("supplier account"), ordering="request__account__legal_name")
    def account(self, obj):
        return obj.request.account

    @admin.display(description=_("customer"), ordering="request__buyer__legal_name")
    def buyer(self, obj):
        return obj.request.buyer


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["account", "buyer", "vendor_code", "created_at"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    raw_id_fields = ["account", "buyer"]
    readonly_fields = ["organisation", "code"]


class AuditEntryInline(admin.TabularInline):
    model = AuditEntry
    fields = ["at", "actor_label", "from_state", "to_state", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(ReadOnlyModelAdmin):
    """Read-only: requests change state only through the ticket actions (connections/services.py)."""

    list_display = ["account", "buyer", "state", "created_at", "closed_at"]
    list_filter = ["state", "created_at"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    inlines = [AuditEntryInline]
