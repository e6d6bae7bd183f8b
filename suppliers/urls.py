from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify-email/<str:token>/", views.email_verify_view, name="email-verify"),
    path("my-account/verify-email/send/", views.email_verification_resend, name="email-verification-resend"),
    path("my-account/", views.my_account, name="my-account"),
    path("my-account/accounts/add/", views.account_add, name="account-add"),
    path("my-account/accounts/<uuid:account_code>/", views.account_edit, name="account-edit"),
    path(
        "my-account/accounts/<uuid:account_code>/ask-support/",
        views.account_ask_support,
        name="account-ask-support",
    ),
    path("accounts/switch/", views.account_switch, name="account-switch"),
]
