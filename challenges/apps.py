from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Invoice challenges")

    def ready(self):
        from challenges import receivers  # noqa: F401  (connects them)
