from django.contrib.sitemaps import Sitemap

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
        return article.updated_at


class TopicSitemap(TranslatedPageSitemap):
    def items(self):
        return Topic.objects.all()


class PageSitemap(TranslatedPageSitemap):
    def items(self):
        return Page.objects.published()

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap, "pages": PageSitemap}
