from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from feedback.models import HelpfulnessVote

        from .models import Favorite, ReaderProfile
        from .templatetags.recommendations import forget_recommendations

        # What a reader saves, answers or chooses changes their recommendations.
        for model in (Favorite, HelpfulnessVote, ReaderProfile):
            post_save.connect(forget_recommendations, sender=model, dispatch_uid=f"recs-{model}")
            post_delete.connect(forget_recommendations, sender=model, dispatch_uid=f"recs-{model}")
        interests = ReaderProfile.interests.through
        m2m_changed.connect(forget_recommendations, sender=interests, dispatch_uid="recs-topics")
