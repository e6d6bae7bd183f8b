from django.contrib import admin

from connections.models import Relationship


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["account", "buyer", "vendor_code", "created_at"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    raw_id_fields = ["account", "buyer"]
    readonly_fields = ["organisation", "code"]
