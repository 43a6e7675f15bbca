from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from .search import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)
