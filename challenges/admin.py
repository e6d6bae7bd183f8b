"""Support staff read invoice challenges here (passed ones too); nobody edits them: only
challenges/services.py writes a challenge."""

from django.contrib import admin

from challenges.models import Challenge, ChallengeAttempt
from connections.admin import RequestPartiesColumns


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChallengeAttemptInline(ReadOnly, admin.TabularInline):
    model = ChallengeAttempt
    fields = ["at", "user", "step", "outcome", "client_address"]
    readonly_fields = fields


@admin.register(Challenge)
class ChallengeAdmin(ReadOnly, RequestPartiesColumns, admin.ModelAdmin):
    list_display = ["account", "buyer", "step", "wrong_answers", "created_at", "updated_at"]
    list_filter = ["step", "created_at"]
    list_select_related = ["request__account", "request__buyer"]
    search_fields = ["request__account__legal_name", "request__account__network_number", "request__buyer__legal_name"]
    fields = ["request", "step", "wrong_answers", "created_at", "updated_at"]
    inlines = [ChallengeAttemptInline]
