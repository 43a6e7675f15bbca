from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .rendering import render_markdown


class TranslatedQuerySet(models.QuerySet):
    def in_language(self, language):
        """Rows that have a page in `language`: every field the page needs is filled in."""
        # `__gt=""` leaves out both NULL and empty text.
        return self.filter(**{f"{field}_{language}__gt": "" for field in self.model.page_fields})


class TranslatedPage(models.Model):
    """A model with a public page per language, which exists once `page_fields` are filled."""

    page_fields = ()
    url_name = ""

    class Meta:
        abstract = True

    def get_absolute_url(self):
        language = translation.get_language()
        return self.url_in(language if language in self.languages else settings.LANGUAGE_CODE)

    @cached_property
    def languages(self):
        return [
            code
            for code, _name in settings.LANGUAGES
            if all(getattr(self, f"{field}_{code}") for field in self.page_fields)
        ]

    def url_in(self, language):
        with translation.override(language):
            return reverse(self.url_name, kwargs={"slug": getattr(self, f"slug_{language}")})

    def alternates(self):
        """(language, path) of each version, for the language switch and hreflang links."""
        return [(code, self.url_in(code)) for code in self.languages]


class Topic(TranslatedPage):
    name = models.CharField(_("name"), max_length=100)
    # Unique per language (constraints below): modeltranslation's untranslated `slug`
    # column holds whichever language was active on save, so it cannot be unique.
    slug = models.SlugField(_("slug"), max_length=100, db_index=False)
    description = models.TextField(_("description"), blank=True)

    objects = TranslatedQuerySet.as_manager()

    page_fields = ("name", "slug")
    url_name = "articles:topic"

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug_en"], name="unique_topic_slug_en"),
            models.UniqueConstraint(fields=["slug_es"], name="unique_topic_slug_es"),
        ]

    def __str__(self):
        return self.name or self.name_en


class ArticleQuerySet(TranslatedQuerySet):
    def published(self):
        """The one definition of what readers may see."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(TranslatedPage):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, db_index=False)
    summary = models.TextField(_("summary"))
    body = models.TextField(
        _("body"),
        help_text=_("Markdown: paragraphs, lists, links, **bold**, *italics*, ## headings."),
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=160,
        blank=True,
        help_text=_("Shown by search engines. The summary is used when this is empty."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="articles", blank=True
    )
    journal = models.CharField(_("journal"), max_length=200, blank=True)
    paper_title = models.CharField(_("paper title"), max_length=300, blank=True)
    paper_url = models.URLField(
        _("link to the abstract"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    paper_published_on = models.DateField(_("paper publication date"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    page_fields = ("title", "slug", "body")
    url_name = "articles:detail"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug_en"], name="unique_article_slug_en"),
            models.UniqueConstraint(fields=["slug_es"], name="unique_article_slug_es"),
        ]

    def __str__(self):
        return self.title or self.title_en

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def description(self):
        return self.meta_description or self.summary

    @property
    def was_updated(self):
        return self.updated_at.date() > self.published_at.date()
