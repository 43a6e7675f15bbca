from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # Everything the page cache is told, in one place: the project is where apps
        # meet (as in urls.py), so the page cache and the apps need not know each other.
        import pagecache
        from accounts.templatetags import favorites
        from articles.apps import next_scheduled_change
        from articles.models import Article, ArticleNote, Page, Promo, Topic
        from feedback.templatetags import feedback
        from recommendations import cache as kept_recommendations
        from recommendations.templatetags import recommendations

        from .templatetags import newsroom

        pagecache.register(
            # Anything readers see changed: stored pages are out of date.
            invalidated_by=[Article, ArticleNote, Topic, Page, Promo, Article.topics.through],
            next_change=next_scheduled_change,
            parts={
                "account-links": newsroom.render_account_links,
                "favorite-button": favorites.render_favorite_button,
                "helpfulness": feedback.render_helpfulness_form,
                "recommendations": recommendations.render_recommendations,
                "recommendations-invitation": recommendations.render_recommendations_invitation,
            },
            # What those parts keep per reader: fetched with the stored page.
            kept_for_parts=[
                favorites.kept_keys,
                feedback.kept_keys,
                kept_recommendations.kept_keys,
            ],
        )
