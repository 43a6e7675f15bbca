from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from articles.models import Article, Page, Promo, Topic

        from . import pagecache
        from .templatetags import newsroom  # noqa: F401 (registers its page fragment)

        # Anything readers see changed: cached pages are out of date.
        for model in (Article, Topic, Page, Promo):
            post_save.connect(pagecache.invalidate, sender=model, dispatch_uid=f"pagecache-{model}")
            post_delete.connect(
                pagecache.invalidate, sender=model, dispatch_uid=f"pagecache-del-{model}"
            )
        m2m_changed.connect(
            pagecache.invalidate, sender=Article.topics.through, dispatch_uid="pagecache-topics"
        )
