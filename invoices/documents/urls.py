"""The Invoicing menu: the account's invoices and credit notes, mounted under /invoicing/.

Per-document routes carry the document's UUID, never its sequential id or its number."""

from django.urls import path

from invoices.documents import views

app_name = "invoicing"

DOCUMENT = "<uuid:invoice_uuid>/"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.invoice_create, name="create"),
    path("credit-notes/new/", views.credit_note_create, name="credit-note-create"),
    # htmx fragments of the form: one more line or allowance/charge row, and the totals.
    path("form/row/", views.form_row, name="form-row"),
    path("form/totals/", views.form_totals, name="form-totals"),
    path(DOCUMENT, views.document_detail, name="detail"),
    path(DOCUMENT + "edit/", views.document_edit, name="edit"),
    path(DOCUMENT + "copy/", views.document_copy, name="copy"),
    path(DOCUMENT + "credit-note/", views.credit_note_from, name="credit-note"),
    path(DOCUMENT + "resend/", views.document_resend, name="resend"),
    path(DOCUMENT + "delete/", views.draft_delete, name="delete"),
    path(DOCUMENT + "document.pdf", views.download_pdf, name="download-pdf"),
    path(DOCUMENT + "ubl.xml", views.download_ubl, name="download-ubl"),
    path(DOCUMENT + "cii.xml", views.download_cii, name="download-cii"),
]
