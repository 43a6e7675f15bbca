from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .identity import site_name, tagline
from .models import Article, Topic

FEED_ITEMS = 20


class LatestArticlesFeed(Feed):
    """The newest articles that have a page in the reader's language."""

    def title(self):
        return f"{site_name()}: {tagline()}"

    def description(self):
        return _("The latest research news for patients and families.")

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Article.objects.published_in(get_language())[:FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        language = get_language()
        return get_object_or_404(Topic.objects.in_language(language), **{f"slug_{language}": slug})

    def title(self, topic):
        return f"{site_name()}: {topic.name}"

    def description(self, topic):
        return topic.description

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return Article.objects.published_in(get_language()).filter(topics=topic)[:FEED_ITEMS]
