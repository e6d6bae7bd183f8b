from django.urls import path

from invoices import views
from invoices.billing import views as billing_views

app_name = "invoices"

urlpatterns = [
    path("invoices/status/", views.status_list, name="status"),
    path("invoices/status/export/", views.status_export, name="status-export"),
    path("invoices/exports/<uuid:export_code>/", views.export_detail, name="export"),
    path("invoices/exports/<uuid:export_code>/download", views.export_download, name="export-download"),
    # By the invoice's natural key: no sequential id of a tenant's row. Invoice numbers may hold "/".
    path(
        "invoices/status/<uuid:account_code>/<str:buyer_number>/<path:invoice_number>",
        views.invoice_detail,
        name="invoice-detail",
    ),
    path("invoices/payments/", views.payments, name="payments"),
    path("invoices/loads/", views.loads, name="loads"),
    path("invoices/search/", views.search, name="search"),
    path(
        "settings/integration/<uuid:account_code>/",
        billing_views.integration_settings,
        name="billing-integration",
    ),
    path("billing/pushes/<uuid:push_code>/", billing_views.push_detail, name="billing-push"),
    path("billing/pushes/<uuid:push_code>/retry/", billing_views.push_retry, name="billing-push-retry"),
]
