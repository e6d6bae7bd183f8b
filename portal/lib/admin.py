from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Rows shown in admin but written only by the portal's own services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
