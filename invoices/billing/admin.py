"""Django admin for support staff: which system each account pushes to and how its pushes went.
Credentials are not among the fields (never shown, not even encrypted)."""

from django.contrib import admin

from invoices.models import BillingIntegration, BillingPush


@admin.register(BillingIntegration)
class BillingIntegrationAdmin(admin.ModelAdmin):
    list_display = ["account", "system", "auto_push", "issue_zero_total", "updated_at"]
    list_filter = ["system"]
    fields = ["account", "system", "auto_push", "issue_zero_total", "include_link_in_email"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(BillingPush)
class BillingPushAdmin(admin.ModelAdmin):
    list_display = ["invoice", "state", "attempts", "external_number", "updated_at"]
    list_filter = ["state"]
    fields = [
        "code", "invoice", "state", "attempts", "sends", "check_first", "external_id", "external_number",
        "external_link", "last_error", "created_at", "updated_at", "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
