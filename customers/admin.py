from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from customers.forms import CsvUploadForm
from customers.models import BuyerEntity, BuyerGroup
from customers.services import BUYER_COLUMNS, buyers_import_upload


@admin.register(BuyerEntity)
class BuyerEntityAdmin(admin.ModelAdmin):
    list_display = ["network_number", "legal_name", "country", "vat_number", "ap_contact_email", "is_test_buyer"]
    list_filter = ["country", "accepts_invoices", "accepts_credit_notes", "is_test_buyer", "groups"]
    search_fields = ["network_number", "legal_name", "vat_number", "ap_contact_email"]
    show_full_result_count = False  # a count of a million-row directory on every page is slow

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="customers_buyerentity_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = buyers_import_upload(content=form.cleaned_data["file"].read())
            self.message_user(
                request,
                _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "rejected": len(report.errors),
                },
                messages.WARNING if report.errors else messages.SUCCESS,
            )
            for line, reason in report.errors:
                self.message_user(request, _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}, messages.ERROR)
            return redirect("admin:customers_buyerentity_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "columns": BUYER_COLUMNS,
            "title": _("Import buyer entities"),
        }
        return TemplateResponse(request, "admin/customers/buyerentity/import.html", context)


@admin.register(BuyerGroup)
class BuyerGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "entities__legal_name", "entities__network_number"]
    autocomplete_fields = ["entities"]
