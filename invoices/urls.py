from django.urls import path

from invoices import views

app_name = "invoices"

urlpatterns = [
    path("invoices/status/", views.status_list, name="status"),
    path("invoices/status/export.csv", views.status_export, name="status-export"),
    path("invoices/payments/", views.payments, name="payments"),
    path("invoices/loads/", views.loads, name="loads"),
    path("invoices/search/", views.search, name="search"),
]
