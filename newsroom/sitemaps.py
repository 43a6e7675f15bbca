from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Page, Topic


class TranslatedPageSitemap(Sitemap):
    """Each page in every language it exists in, with hreflang links to the others."""

    i18n = True
    alternates = True

    def get_languages_for_item(self, item):
        return item.languages


class ArticleSitemap(TranslatedPageSitemap):
    def items(self):
        return Article.objects.published()

    def lastmod(self, article):
        return article.modified_at


class TopicSitemap(TranslatedPageSitemap):
    def items(self):
        return Topic.objects.all()


class PageSitemap(TranslatedPageSitemap):
    def items(self):
        return Page.objects.published()

    def lastmod(self, page):
        return page.updated_at


class CorrectionsSitemap(Sitemap):
    """The "Corrections and updates" page, in each language."""

    i18n = True
    alternates = True

    def items(self):
        return ["articles:notes"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
    "corrections": CorrectionsSitemap,
}
