from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from .models import HelpfulnessVote
        from .templatetags.feedback import forget_answers_of_vote, forget_answers_on_sign_in
        from .views import move_votes_on_sign_in

        user_logged_in.connect(move_votes_on_sign_in, dispatch_uid="feedback_move_votes")
        # The question on a page reads the signed-in reader's answers kept in the cache.
        user_logged_in.connect(forget_answers_on_sign_in, dispatch_uid="feedback_answers_kept")
        post_save.connect(forget_answers_of_vote, sender=HelpfulnessVote, dispatch_uid="answers")
        post_delete.connect(forget_answers_of_vote, sender=HelpfulnessVote, dispatch_uid="answers")
