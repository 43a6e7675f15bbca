import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Article, ArticleNote, Page, Promo, Topic


class Translated(TranslationOptions):
    """What every translated model here shares: English is required, and a missing
    translation is stored as NULL, never '' (two empty slugs would collide)."""

    required_languages = ("en",)
    empty_values = None


@register(Topic)
class TopicTranslationOptions(Translated):
    fields = ("name", "slug", "description")


class PublishableTranslationOptions(Translated):
    fields = ("title", "slug", "body")


@register(Article)
class ArticleTranslationOptions(PublishableTranslationOptions):
    # With Publishable's: modeltranslation adds a base's fields to a subclass's.
    fields = (
        "summary",
        "meta_description",
        "reviewer_credentials",
        "study_population",
        "what_it_means",
    )


@register(ArticleNote)
class ArticleNoteTranslationOptions(Translated):
    # A missing Spanish note is NULL, as every missing translation: "Spanish out of date".
    fields = ("text",)


@register(Page)
class PageTranslationOptions(PublishableTranslationOptions):
    pass


@register(Promo)
class PromoTranslationOptions(Translated):
    fields = ("headline", "text", "link_text", "url")
    required_languages = {"en": ("headline", "link_text", "url")}


# History is registered here, after the translations, rather than with a HistoricalRecords
# field on the models: a model's historical twin copies the fields the model has when it
# is made, and only now does it have the _en and _es columns (django-simple-history's
# documented way to work with django-modeltranslation).
simple_history.register(Topic, app="articles")
# The newest note's date is kept by the notes themselves: reverting must not bring back an
# old one.
simple_history.register(
    Article, app="articles", m2m_fields=["topics"], excluded_fields=["last_noted_at"]
)
simple_history.register(Page, app="articles")
# A click is not an edit (it bypasses save()), and reverting must not undo clicks.
simple_history.register(Promo, app="articles", excluded_fields=["clicks"])
