from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django import forms

from customers.forms import CsvUploadForm
from customers.models import BuyerEntity, BuyerGroup, BuyerInvoiceRecord
from customers.services import (
    BUYER_COLUMNS,
    INVOICE_RECORD_COLUMNS,
    BuyerNumbersForm,
    SupplierIdentityForm,
    buyers_import,
    invoice_records_import,
)


class CsvImportAdmin(admin.ModelAdmin):
    """A model admin with an "Import CSV" button beside "Add"."""

    change_list_template = "admin/csv_import_change_list.html"
    import_columns: list[str] = []
    import_title = ""

    def import_csv(self, content: bytes):
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = self.import_csv(form.cleaned_data["file"].read())
            if report.refused:
                reason = report.refused
                if report.refused_line:
                    reason = _("Line %(line)d: %(reason)s") % {"line": report.refused_line, "reason": reason}
                form.add_error("file", _("Nothing was imported. %(reason)s") % {"reason": reason})
                return self._import_page(request, form)
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
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return self._import_page(request, form)

    def _import_page(self, request, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "columns": self.import_columns,
            "title": self.import_title,
        }
        return TemplateResponse(request, "admin/csv_import.html", context)


class BuyerEntityForm(BuyerNumbersForm, forms.ModelForm):
    pass


class BuyerInvoiceRecordForm(SupplierIdentityForm, forms.ModelForm):
    pass


@admin.register(BuyerEntity)
class BuyerEntityAdmin(CsvImportAdmin):
    form = BuyerEntityForm
    list_display = ["network_number", "legal_name", "country", "vat_number", "ap_contact_email", "is_test_buyer"]
    list_filter = ["country", "accepts_invoices", "accepts_credit_notes", "is_test_buyer", "groups"]
    search_fields = ["network_number", "legal_name", "vat_number", "ap_contact_email"]
    show_full_result_count = False  # a count of a million-row directory on every page is slow
    import_columns = BUYER_COLUMNS
    import_title = gettext_lazy("Import buyer entities")

    def import_csv(self, content):
        return buyers_import(content=content)


@admin.register(BuyerInvoiceRecord)
class BuyerInvoiceRecordAdmin(CsvImportAdmin):
    form = BuyerInvoiceRecordForm
    list_display = ["invoice_number", "buyer", "supplier_vat_number", "invoice_date", "amount", "currency", "status"]
    list_filter = ["status", "currency"]
    list_select_related = ["buyer"]
    search_fields = ["invoice_number", "supplier_vat_number", "supplier_network_number", "buyer__legal_name"]
    raw_id_fields = ["buyer"]
    readonly_fields = ["received_at"]
    show_full_result_count = False
    import_columns = INVOICE_RECORD_COLUMNS
    import_title = gettext_lazy("Import buyer invoice records")

    def import_csv(self, content):
        return invoice_records_import(content=content)

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            obj.received_at = timezone.now()  # the next refresh loads what support changed
        super().save_model(request, obj, form, change)


@admin.register(BuyerGroup)
class BuyerGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "entities__legal_name", "entities__network_number"]
    autocomplete_fields = ["entities"]
