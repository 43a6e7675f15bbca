"""What keeps recommendations in step with readers: connected in RecommendationsConfig.ready().

- A reader saves or removes a favorite (accounts' `favorites_changed`, in its
  transaction): the article's counts and neighbours are computed again.
- A "Was this article helpful?" answer is saved or deleted: the article's counts, after
  the commit.
- A reader's favorites, answers or settings change: their kept recommendations go.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Favorite, ReaderProfile, favorites_changed
from feedback.models import HelpfulnessVote

from . import cache
from .models import ArticlePopularity, lock_article, refresh_recommendation_data


def connect():
    favorites_changed.connect(refresh_after_favorite, sender=Favorite, dispatch_uid="recs-refresh")
    post_save.connect(recount_helpful_votes, sender=HelpfulnessVote, dispatch_uid="recs-votes")
    post_delete.connect(recount_helpful_votes, sender=HelpfulnessVote, dispatch_uid="recs-votes")
    for model in (Favorite, HelpfulnessVote, ReaderProfile):
        post_save.connect(forget_recommendations, sender=model, dispatch_uid=f"recs-{model}")
        post_delete.connect(forget_recommendations, sender=model, dispatch_uid=f"recs-{model}")
    interests = ReaderProfile.interests.through
    m2m_changed.connect(forget_recommendations, sender=interests, dispatch_uid="recs-topics")


def refresh_after_favorite(sender, article_id, **kwargs):
    refresh_recommendation_data(article_id)


def recount_helpful_votes(sender, instance, **kwargs):
    """A "Yes" answer counts towards popularity once it is committed.

    After the commit, in a transaction of its own: the vote's own transaction stays short,
    and when the article itself is being deleted there is nothing left to count.
    """
    article_id = instance.article_id

    def recount():
        with transaction.atomic():
            lock_article(article_id)
            ArticlePopularity.objects.refresh(article_id)

    transaction.on_commit(recount)


def forget_recommendations(instance, **kwargs):
    """Connected to the save and delete of a reader's favorites, answers and settings."""
    if instance.user_id is not None:
        cache.forget(instance.user_id)
