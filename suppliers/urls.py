from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
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
