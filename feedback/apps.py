from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .views import move_votes_on_sign_in

        user_logged_in.connect(move_votes_on_sign_in, dispatch_uid="feedback_move_votes")
