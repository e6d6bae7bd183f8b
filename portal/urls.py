from django.contrib import admin
from django.urls import include, path

from portal import views
from suppliers.views import PasswordResetUnlockView, SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("login/", SignInView.as_view(), name="login"),
    path("reset/<uidb64>/<token>/", PasswordResetUnlockView.as_view(), name="password_reset_confirm"),
    path("", include("django.contrib.auth.urls")),
    path("", include("suppliers.urls")),
    path("", include("customers.urls")),
    path("", include("connections.urls")),
    path("", include("challenges.urls")),
    path("", include("tickets.urls")),
    path("", include("invoices.urls")),
    path("invoicing/", include("invoices.documents.urls")),
    path("admin/", admin.site.urls),
]
