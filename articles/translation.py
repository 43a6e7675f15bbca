from modeltranslation.translator import TranslationOptions, register

from .models import Article, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    required_languages = ("en",)
    # Store a missing translation as NULL: two empty slugs would collide.
    empty_values = None


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "meta_description")
    required_languages = ("en",)
    empty_values = None
