"""The admin pages made of several apps, put together once: the project is where apps
meet (as in urls.py and apps.py), so `articles` need not know who adds to its admin."""

from django.contrib import admin

from articles.admin import ArticleAdmin as ArticlesAdmin
from articles.models import Article
from feedback.admin import HelpfulnessColumns


@admin.register(Article)
class ArticleAdmin(HelpfulnessColumns, ArticlesAdmin):
    list_display = [*ArticlesAdmin.list_display, *HelpfulnessColumns.list_display]
    list_filter = [*ArticlesAdmin.list_filter, *HelpfulnessColumns.list_filter]
