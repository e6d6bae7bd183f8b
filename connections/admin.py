from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from connections.models import AuditEntry, ConnectionRequest, Relationship
from portal.lib.admin import ReadOnlyModelAdmin
from connections.services import relationship_identity_confirm
from portal.lib.identifiers import vendor_code_normalise


class RequestPartiesColumns:
    """Admin columns for a row of one connection request (a challenge): the supplier account and
    the customer it connects."""

    @admin.display(description=_("supplier account"), ordering="request__account__legal_name")
    def account(self, obj):
        return obj.request.account

    @admin.display(description=_("customer"), ordering="request__buyer__legal_name")
    def buyer(self, obj):
        return obj.request.buyer


class RelationshipForm(forms.ModelForm):
    def clean_vendor_code(self):
        return vendor_code_normalise(self.cleaned_data["vendor_code"])


class PausedFilter(admin.SimpleListFilter):
    title = _("loads paused")
    parameter_name = "paused"

    def lookups(self, request, model_admin):
        return [("yes", _("Paused")), ("no", _("Loading"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(paused_at__isnull=self.value() == "no")
        return queryset


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    """What a relationship verified is written only by its services (a confirmation, the
    challenge, support's confirmation of a new identity below)."""

    form = RelationshipForm
    list_display = ["account", "buyer", "vendor_code", "verified_how", "verified_at", "paused_at", "created_at"]
    list_filter = [PausedFilter, "verified_how"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    raw_id_fields = ["account", "buyer"]
    readonly_fields = [
        "organisation", "code", "verified_vat_number", "verified_network_number", "verified_vendor_code",
        "verified_how", "verified_at", "verified_by", "verified_by_label", "paused_at", "buyer_asked_at",
    ]
    actions = ["confirm_identity"]

    def get_readonly_fields(self, request, obj=None):
        # What was verified belongs to this account and buyer: moving it would hand it to another.
        return [*self.readonly_fields, "account", "buyer"] if obj else self.readonly_fields

    def has_confirm_identity_permission(self, request):
        return request.user.has_perm("connections.confirm_identity")

    @admin.action(description=_("Confirm the supplier's new identity"), permissions=["confirm_identity"])
    def confirm_identity(self, request, queryset):
        done = 0
        for relationship in queryset:
            try:
                relationship_identity_confirm(relationship=relationship, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{relationship}: {' '.join(error.messages)}", messages.WARNING)
        if done:
            self.message_user(request, _("Confirmed: %(count)s.") % {"count": done}, messages.SUCCESS)


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
