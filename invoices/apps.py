from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    name = "invoices"
    verbose_name = _("Invoices")

    def ready(self):
        from invoices import receivers  # noqa: F401  (connects them)
        from invoices.billing import admin, tasks  # noqa: F401  (registers the billing task and admin pages)
