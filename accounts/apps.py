from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .models import Favorite
        from .templatetags.favorites import forget_saved

        # The favorite button reads the reader's saved articles kept in the cache.
        post_save.connect(forget_saved, sender=Favorite, dispatch_uid="favorites-kept")
        post_delete.connect(forget_saved, sender=Favorite, dispatch_uid="favorites-kept")
