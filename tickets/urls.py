from django.urls import path

from tickets import views

app_name = "tickets"

urlpatterns = [
    path("help/tickets/", views.ticket_list, name="list"),
    path("help/tickets/new/", views.ticket_raise, name="raise"),
    path("help/tickets/<uuid:ticket_code>/", views.ticket_detail, name="detail"),
    path(
        "help/tickets/<uuid:ticket_code>/attachments/<int:message_id>/",
        views.ticket_attachment,
        name="attachment",
    ),
    # The locked details of a supplier account: support changes them (issue 12).
    path("my-account/accounts/<uuid:account_code>/ask-support/", views.account_ask_support, name="account-ask-support"),
]
