from django.urls import path

from connections import views

app_name = "connections"

urlpatterns = [
    path("customers/connect/", views.connect, name="connect"),
    path("customers/relationships/", views.relationships, name="relationships"),
    path("customers/requests/", views.request_list, name="request-list"),
    path("customers/requests/submitted/", views.requests_submitted, name="requests-submitted"),
    path("customers/requests/<uuid:request_code>/", views.request_detail, name="request-detail"),
    path(
        "customers/requests/<uuid:request_code>/withdraw/",
        views.request_withdraw_view,
        name="request-withdraw",
    ),
    path("customers/attachments/<uuid:attachment_code>/", views.attachment_download, name="attachment"),
    path("buyer/identity/<str:token>/", views.buyer_identity, name="buyer-identity"),
    path("buyer/<str:token>/", views.buyer_request, name="buyer-request"),
    path("buyer/<str:token>/attachment/", views.buyer_attachment, name="buyer-attachment"),
]
