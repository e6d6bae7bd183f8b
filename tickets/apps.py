from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Support tickets")

    def ready(self):
        from tickets.support_group import support_group_sync

        post_migrate.connect(support_group_sync, sender=self, dispatch_uid="support_group_sync")
