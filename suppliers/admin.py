from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from suppliers.models import Membership, Organisation, SupplierAccount, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Preferences"), {"fields": ["preferred_language", "verified_email"]}),
    )
    # Only the e-mailed link proves an address.
    readonly_fields = ["verified_email"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SupplierAccountInline(admin.TabularInline):
    model = SupplierAccount
    extra = 0
    fields = ["network_number", "legal_name", "country", "vat_number"]
    readonly_fields = ["network_number"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "accounts__legal_name", "accounts__network_number"]
    inlines = [SupplierAccountInline, MembershipInline]


@admin.register(SupplierAccount)
class SupplierAccountAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "network_number", "country", "vat_number", "organisation"]
    list_filter = ["country"]
    search_fields = ["legal_name", "network_number", "vat_number", "organisation__name"]
    readonly_fields = ["network_number", "code"]
