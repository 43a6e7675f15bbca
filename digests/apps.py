from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = _("Email digests")

    def ready(self):
        from . import alerts

        # A new correction or update schedules the alerts of the readers who saved it.
        alerts.connect()
