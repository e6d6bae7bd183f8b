from django.urls import path

from suppliers import views
from suppliers.colleagues import views as colleague_views

app_name = "suppliers"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify-email/<str:token>/", views.email_verify_view, name="email-verify"),
    path("my-account/verify-email/send/", views.email_verification_resend, name="email-verification-resend"),
    path("my-account/", views.my_account, name="my-account"),
    path("my-account/accounts/add/", views.account_add, name="account-add"),
    path("my-account/accounts/<uuid:account_code>/", views.account_edit, name="account-edit"),
    path("accounts/switch/", views.account_switch, name="account-switch"),
    path("my-account/colleagues/", colleague_views.colleagues, name="colleagues"),
    path("my-account/colleagues/invite/", colleague_views.colleague_invite, name="colleague-invite"),
    path(
        "my-account/colleagues/<uuid:membership_code>/role/",
        colleague_views.membership_role,
        name="membership-role",
    ),
    path(
        "my-account/colleagues/<uuid:membership_code>/remove/",
        colleague_views.membership_delete,
        name="membership-remove",
    ),
    path(
        "my-account/invitations/<uuid:invitation_code>/revoke/",
        colleague_views.invitation_delete,
        name="invitation-revoke",
    ),
    path("join/<str:token>/", colleague_views.invitation_accept_view, name="invitation-accept"),
]
