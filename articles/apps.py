from datetime import datetime, time, timedelta

from django.apps import AppConfig
from django.db.models import Min
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from .search import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)


def next_scheduled_change():
    """When saved content next appears or disappears by itself (for the page cache)."""
    from .models import Article, Page, Promo

    now = timezone.now()
    moments = [
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .aggregate(at=Min("published_at"))["at"],
        Page.objects.filter(status=Page.Status.PUBLISHED, published_at__gt=now)
        .aggregate(at=Min("published_at"))["at"],
        Promo.objects.filter(starts_at__gt=now).aggregate(at=Min("starts_at"))["at"],
        Promo.objects.filter(ends_at__gt=now).aggregate(at=Min("ends_at"))["at"],
    ]  # fmt: skip
    # Readers never see a "next review due" date that has passed: the page that shows the
    # soonest one changes at the start of the next day.
    due = (
        Article.objects.published()
        .filter(next_review_due__gte=timezone.localdate())
        .aggregate(at=Min("next_review_due"))["at"]
    )
    if due:
        moments.append(timezone.make_aware(datetime.combine(due + timedelta(days=1), time())))
    return min((moment for moment in moments if moment), default=None)
