import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Article, Page, Promo, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    required_languages = ("en",)
    # Store a missing translation as NULL: two empty slugs would collide.
    empty_values = None


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "meta_description", "reviewer_credentials")
    required_languages = ("en",)
    empty_values = None


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "body")
    required_languages = ("en",)
    empty_values = None


@register(Promo)
class PromoTranslationOptions(TranslationOptions):
    fields = ("headline", "text", "link_text", "url")
    required_languages = {"en": ("headline", "link_text", "url")}
    empty_values = None


# History is registered here, after the translations, rather than with a HistoricalRecords
# field on the models: a model's historical twin copies the fields the model has when it
# is made, and only now does it have the _en and _es columns (django-simple-history's
# documented way to work with django-modeltranslation).
simple_history.register(Topic, app="articles")
simple_history.register(Article, app="articles", m2m_fields=["topics"])
simple_history.register(Page, app="articles")
# A click is not an edit (it bypasses save()), and reverting must not undo clicks.
simple_history.register(Promo, app="articles", excluded_fields=["clicks"])
