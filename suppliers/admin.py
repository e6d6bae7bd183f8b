from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from suppliers.forms import VatNumberMixin, vat_number_field
from suppliers.models import AccountIdentityChange, Invitation, Membership, Organisation, SupplierAccount, User
from suppliers.selectors import vat_number_held_elsewhere
from suppliers.services import VAT_NUMBER_TAKEN, supplier_account_identity_change


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
    """Read-only: an account's identity changes only on its own page, through the audited service."""

    model = SupplierAccount
    extra = 0
    fields = ["network_number", "legal_name", "country", "vat_number"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "accounts__legal_name", "accounts__network_number"]
    inlines = [SupplierAccountInline, MembershipInline, InvitationInline]


class SupplierAccountIdentityForm(VatNumberMixin, forms.ModelForm):
    vat_number = vat_number_field()

    class Meta:
        model = SupplierAccount
        fields = ["legal_name", "country", "vat_number"]

    def clean(self):
        cleaned = super().clean()
        vat_number = cleaned.get("vat_number")
        if vat_number and vat_number_held_elsewhere(vat_number=vat_number, org=self.instance.organisation):
            self.add_error("vat_number", VAT_NUMBER_TAKEN)
        return cleaned


class AccountIdentityChangeInline(admin.TabularInline):
    model = AccountIdentityChange
    fields = [
        "at", "by", "old_legal_name", "new_legal_name", "old_country", "new_country", "old_vat_number",
        "new_vat_number", "relationships_paused",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupplierAccount)
class SupplierAccountAdmin(admin.ModelAdmin):
    """Support changes an account's identity here: through supplier_account_identity_change, so
    the change is audited and the relationships that verified the old identity pause."""

    form = SupplierAccountIdentityForm
    list_display = ["legal_name", "network_number", "country", "vat_number", "organisation"]
    list_filter = ["country"]
    search_fields = ["legal_name", "network_number", "vat_number", "organisation__name"]
    readonly_fields = ["network_number", "code"]
    inlines = [AccountIdentityChangeInline]

    def has_add_permission(self, request):
        return False  # accounts are made by their organisations (sign-up, Add account)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not form.has_changed():
            return
        data = form.cleaned_data
        identity_change = supplier_account_identity_change(
            account=SupplierAccount.objects.get(pk=obj.pk),  # the values before the form's
            by=request.user,
            legal_name=data["legal_name"],
            country=str(data["country"]),
            vat_number=data["vat_number"],
        )
        if paused := identity_change.relationships_paused:
            message = ngettext(
                "%(count)s relationship stopped loading until the new identity is confirmed.",
                "%(count)s relationships stopped loading until the new identity is confirmed.",
                paused,
            )
            self.message_user(request, message % {"count": paused}, messages.WARNING)
