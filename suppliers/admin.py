from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from suppliers.models import Invitation, Membership, Organisation, SupplierAccount, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Preferences"), {"fields": ["preferred_language"]}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class InvitationInline(admin.TabularInline):
    """Shown so support can tell a colleague whether an invitation went out; only administrators
    of the organisation send or revoke them."""

    model = Invitation
    extra = 0
    fields = ["email", "role", "created_at", "emailed_at", "accepted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SupplierAccountInline(admin.TabularInline):
    model = SupplierAccount
    extra = 0
    fields = ["network_number", "legal_name", "country", "vat_number"]
    readonly_fields = ["network_number"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "accounts__legal_name", "accounts__network_number"]
    inlines = [SupplierAccountInline, MembershipInline, InvitationInline]


@admin.register(SupplierAccount)
class SupplierAccountAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "network_number", "country", "vat_number", "organisation"]
    list_filter = ["country"]
    search_fields = ["legal_name", "network_number", "vat_number", "organisation__name"]
    readonly_fields = ["network_number", "code"]
