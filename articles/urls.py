from django.urls import path
from django.utils.translation import pgettext_lazy

from pagecache import for_readers

from . import views
from .feeds import LatestArticlesFeed, TopicFeed

app_name = "articles"

urlpatterns = [
    path(pgettext_lazy("URL", "news/"), views.article_list, name="list"),
    path(pgettext_lazy("URL", "news/<slug:slug>/"), views.article_detail, name="detail"),
    path(pgettext_lazy("URL", "news/<slug:slug>/preview/"), views.article_preview, name="preview"),
    path(pgettext_lazy("URL", "topics/<slug:slug>/"), views.topic_detail, name="topic"),
    path(pgettext_lazy("URL", "feed/"), for_readers(LatestArticlesFeed()), name="feed"),
    path(
        pgettext_lazy("URL", "topics/<slug:slug>/feed/"),
        for_readers(TopicFeed()),
        name="topic-feed",
    ),
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path(pgettext_lazy("URL", "corrections/"), views.note_list, name="notes"),
    path(pgettext_lazy("URL", "pages/<slug:slug>/"), views.page_detail, name="page"),
    path(
        pgettext_lazy("URL", "pages/<slug:slug>/preview/"),
        views.page_preview,
        name="page-preview",
    ),
    path(pgettext_lazy("URL", "promo/<int:pk>/"), views.promo_click, name="promo"),
]
