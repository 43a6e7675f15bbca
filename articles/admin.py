from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, Topic


class SpanishVersionFilter(admin.SimpleListFilter):
    title = _("Spanish version")
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("yes", _("Has a Spanish page")), ("no", _("Spanish missing"))]

    def queryset(self, request, queryset):
        with_spanish = queryset.in_language("es")
        if self.value() == "yes":
            return with_spanish
        if self.value() == "no":
            return queryset.exclude(pk__in=with_spanish.values("pk"))
        return queryset


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "has_spanish"]
    search_fields = ["name_en", "name_es", "description_en", "description_es"]
    list_filter = [SpanishVersionFilter]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("In Spanish"), boolean=True)
    def has_spanish(self, topic):
        return "es" in topic.languages


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "published_at", "has_spanish", "updated_at"]
    list_filter = ["status", SpanishVersionFilter, "topics", "published_at"]
    search_fields = ["title_en", "title_es", "summary_en", "summary_es", "journal", "paper_title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "meta_description"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "topics"]}),
        (
            _("The research"),
            {"fields": ["journal", "paper_title", "paper_url", "paper_published_on"]},
        ),
    ]

    @admin.display(description=_("In Spanish"), boolean=True)
    def has_spanish(self, article):
        return "es" in article.languages
