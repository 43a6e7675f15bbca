import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from .rendering import render_markdown

# The per-language edit times kept on every translated page, for "Spanish out of date".
EDITED_AT_FIELDS = {"en": "english_edited_at", "es": "spanish_edited_at"}


class NotEqual(models.Lookup):
    """`a <> b`, which is never true when `a` is NULL.

    PostgreSQL tells that a long text differs from '' by its length alone, where
    `a > ''` reads (and decompresses) all of it.
    """

    lookup_name = "ne"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} <> {rhs}", (*lhs_params, *rhs_params)


def has_page_in(model, language):
    """The condition that a row of `model` has a page in `language`: every field the page
    needs is filled in, neither NULL nor empty."""
    # Counting the 30,000 Spanish articles of bench/search.py this way is about 14 times
    # faster than with `> ''`, which reads every body (204 ms against 2.8 s on a busy
    # machine, 2026-12-02).
    return Q(*(NotEqual(F(f"{field}_{language}"), "") for field in model.page_fields))


class TranslatedQuerySet(models.QuerySet):
    def in_language(self, language):
        """Rows that have a page in `language`."""
        return self.filter(has_page_in(self.model, language))

    def spanish_out_of_date(self):
        """Rows with a Spanish page whose English was edited after the Spanish last was."""
        return self.in_language("es").filter(english_edited_at__gt=F("spanish_edited_at"))


class TranslatedPage(models.Model):
    """A model with a public page per language, which exists once `page_fields` are filled."""

    english_edited_at = models.DateTimeField(_("English last edited"), null=True, editable=False)
    spanish_edited_at = models.DateTimeField(_("Spanish last edited"), null=True, editable=False)

    page_fields = ()
    url_name = ""
    preview_url_name = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.stamp_edited_languages()
        super().save(*args, **kwargs)

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

    def url_in(self, language, url_name=None):
        with translation.override(language):
            return reverse(
                url_name or self.url_name, kwargs={"slug": getattr(self, f"slug_{language}")}
            )

    def alternates(self):
        """(language, path) of each version, for the language switch and hreflang links."""
        return [(code, self.url_in(code)) for code in self.languages]

    def preview_url_in(self, language):
        return self.url_in(language, self.preview_url_name)

    def preview_alternates(self):
        return [(code, self.preview_url_in(code)) for code in self.languages]

    def stamp_edited_languages(self):
        """Note the time on each language whose text this save changes.

        Compared with the row as it is in the database, so that every way of saving (the
        admin form, a revert from history, the shell) keeps the times right.
        """
        names = {
            code: [
                f"{field}_{code}" for field in translator.get_options_for_model(type(self)).fields
            ]
            for code in EDITED_AT_FIELDS
        }
        saved = {}
        if not self._state.adding:
            columns = [name for code_names in names.values() for name in code_names]
            saved = type(self).objects.filter(pk=self.pk).values(*columns).first() or {}
        now = timezone.now()
        for code, stamp in EDITED_AT_FIELDS.items():
            if any(getattr(self, name) != saved.get(name) for name in names[code]):
                setattr(self, stamp, now)

    def restore_edit_times(self, version):
        """After a revert to `version` (a historical record): a language whose text is that
        version's again was last edited when that version's was.

        So reverting the English to what the Spanish was translated from makes the
        Spanish up to date again, as it was then.
        """
        fields = translator.get_options_for_model(type(self)).fields
        times = {
            stamp: getattr(version, stamp)
            for code, stamp in EDITED_AT_FIELDS.items()
            if all(
                getattr(self, f"{name}_{code}") == getattr(version, f"{name}_{code}")
                for name in fields
            )
        }
        if not times:
            return
        for stamp, time in times.items():
            setattr(self, stamp, time)
        # Not save(): that would stamp the languages again, and record another version.
        type(self).objects.filter(pk=self.pk).update(**times)
        self.history.filter(pk=self.history.latest().pk).update(**times)

    @property
    def spanish_status(self):
        """The Spanish version is "missing", "out of date" or "current" (as the admin filters)."""
        if "es" not in self.languages:
            return "missing"
        if (
            self.english_edited_at
            and self.spanish_edited_at
            and self.english_edited_at > self.spanish_edited_at
        ):
            return "out of date"
        return "current"


class WorkflowQuerySet(TranslatedQuerySet):
    def published(self):
        """The one definition of what readers may see.

        A future `published_at` is how editors schedule: the row becomes public by itself
        when that time comes, with no job to run.
        """
        return self.filter(status=Workflow.Status.PUBLISHED, published_at__lte=timezone.now())


class Workflow(models.Model):
    """Draft, in review, published (now or at a set time), archived; and who moved it last."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_(
            "Readers see it from this time once its status is Published. A time in the "
            "future schedules it: it appears by itself then."
        ),
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    class Meta:
        abstract = True

    def set_status(self, status, user):
        """Move to `status`, remembering who did it and when (saved with the next save).

        Publishing without a future time publishes now: the form's publish time is when it
        was opened, and a draft published days later would look backdated and sort below
        newer news.
        """
        now = timezone.now()
        if status == self.Status.PUBLISHED and (
            self.published_at is None or self.published_at <= now
        ):
            self.published_at = now
        self.status = status
        self.status_changed_at = now
        self.status_changed_by = user

    @property
    def is_public(self):
        # published() for one row already in memory, as the admin list and preview show it.
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()


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
        permissions = [("translate_topic", "Can translate topic")]

    def __str__(self):
        return self.name or self.name_en


class JSONList(models.Aggregate):
    """The rows' values as one JSON array, as text: SQLite's json_group_array, PostgreSQL's
    jsonb_agg (jsonb, which Django's PostgreSQL connection hands over as text)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def untranslated_notes():
    """The condition that an article has a note with no Spanish text."""
    return Exists(
        ArticleNote.objects.filter(article=OuterRef("pk")).filter(
            Q(text_es__isnull=True) | Q(text_es="")
        )
    )


class JSONRow(models.Func):
    """A JSON object of `name=expression` pairs: SQLite's json_object, PostgreSQL's
    jsonb_build_object. Django's JSONObject would first ask SQLite whether it has JSON,
    a query of its own."""

    function = "JSON_OBJECT"
    output_field = models.TextField()

    def __init__(self, **fields):
        pairs = [part for name, value in fields.items() for part in (models.Value(name), F(value))]
        super().__init__(*pairs)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_BUILD_OBJECT", **extra_context)


class ArticleQuerySet(WorkflowQuerySet):
    def published_in(self, language):
        """Published articles that have a page in `language`, with their topics in it: what
        the lists, feeds and the home page show a reader of `language`."""
        topics = models.Prefetch("topics", queryset=Topic.objects.in_language(language))
        return self.published().in_language(language).prefetch_related(topics)

    def with_notes(self):
        """Each article's notes fetched in the article's own query, as JSON (see
        Article.note_list): the article page stays at the queries it had before notes."""
        notes = (
            ArticleNote.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                rows=JSONList(
                    JSONRow(
                        id="id",
                        kind="kind",
                        noted_at="noted_at",
                        **{f"text_{code}": f"text_{code}" for code, _name in settings.LANGUAGES},
                    )
                )
            )
            .values("rows")
        )
        return self.annotate(notes_json=Subquery(notes))

    def research_in_people(self):
        """Research articles about studies of people: no laboratory or animal studies."""
        return self.filter(kind=Article.Kind.RESEARCH, research_stage__in=Article.Stage.in_people())

    def spanish_out_of_date(self):
        """Also out of date: a Spanish page with a note that has no Spanish text yet."""
        return self.in_language("es").filter(
            Q(english_edited_at__gt=F("spanish_edited_at")) | untranslated_notes()
        )

    def with_untranslated_notes(self):
        """Each row with `has_untranslated_notes`, for spanish_status in lists."""
        return self.annotate(has_untranslated_notes=untranslated_notes())

    def overdue_for_review(self):
        """Articles still in use whose next medical review date has passed."""
        return self.exclude(status=Article.Status.ARCHIVED).filter(
            next_review_due__lt=timezone.localdate()
        )


class Publishable(Workflow, TranslatedPage):
    """What articles and editors' pages share: a title, a slug and a Markdown body in each
    language, the workflow, and the constraints and index that go with them."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, db_index=False)
    body = models.TextField(
        _("body"),
        help_text=_("Markdown: paragraphs, lists, links, **bold**, *italics*, ## headings."),
    )
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    page_fields = ("title", "slug", "body")

    class Meta:
        abstract = True
        # %(class)s: article_status_published_idx, unique_page_slug_en…
        indexes = [
            models.Index(fields=["status", "-published_at"], name="%(class)s_status_published_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug_en"], name="unique_%(class)s_slug_en"),
            models.UniqueConstraint(fields=["slug_es"], name="unique_%(class)s_slug_es"),
        ]

    def __str__(self):
        return self.title or self.title_en

    @property
    def body_html(self):
        return render_markdown(self.body)


class Article(Publishable):
    class Kind(models.TextChoices):
        # Most of what the site publishes reports a study; the rest (the charity's news, a
        # change in the health service) has no stage of research to show.
        RESEARCH = "research", _("Research news")
        OTHER = "other", _("Other news")

    class Stage(models.TextChoices):
        """How far a piece of research is on its way from the laboratory to everyday care,
        in that order."""

        LABORATORY = "laboratory", _("Laboratory or animal study")
        EARLY = "early", _("Early study in people (small, phase 1 or 2)")
        TRIAL = "trial", _("Large clinical trial (phase 3)")
        OBSERVATIONAL = (
            "observational",
            _("Study of many people followed over time (observational)"),
        )
        REVIEW = "review", _("Review of many studies (systematic review, meta-analysis)")
        GUIDELINE = "guideline", _("Guideline or approval")

        @classmethod
        def in_people(cls):
            return [stage for stage in cls if stage != cls.LABORATORY]

    summary = models.TextField(_("summary"))
    meta_description = models.CharField(
        _("meta description"),
        max_length=160,
        blank=True,
        help_text=_("Shown by search engines. The summary is used when this is empty."),
    )
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
    reviewer_name = models.CharField(
        _("medical reviewer"), max_length=200, blank=True, help_text=_("For example: Dr Ana Ruiz")
    )
    reviewer_credentials = models.CharField(
        _("reviewer's credentials"),
        max_length=200,
        blank=True,
        help_text=_("For example: consultant medical oncologist"),
    )
    last_reviewed_on = models.DateField(_("last medically reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.RESEARCH,
        help_text=_("Research news shows readers what the research means and needs it filled in."),
    )
    research_stage = models.CharField(
        _("stage of the research"), max_length=20, choices=Stage, blank=True
    )
    study_population = models.CharField(
        _("who was studied"),
        max_length=300,
        blank=True,
        help_text=_("In plain words, for example: women over 50 with early breast cancer; mice"),
    )
    participants = models.PositiveIntegerField(
        _("how many people"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no people took part (a laboratory or animal study)."),
    )
    what_it_means = models.TextField(
        _("what it means for you now"),
        blank=True,
        help_text=_("A sentence or two: what a reader can and cannot do with this research today."),
    )
    # The newest note's date, kept by ArticleNote: lists and feeds show "Updated" from it
    # without a query of their own.
    last_noted_at = models.DateTimeField(_("last note"), null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    url_name = "articles:detail"
    preview_url_name = "articles:preview"

    class Meta(Publishable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        permissions = [("translate_article", "Can translate article")]

    @property
    def description(self):
        return self.meta_description or self.summary

    @property
    def was_updated(self):
        return self.modified_at.date() > self.published_at.date()

    @property
    def is_overdue_for_review(self):
        return (
            self.status != self.Status.ARCHIVED
            and self.next_review_due is not None
            and self.next_review_due < timezone.localdate()
        )

    @property
    def next_review_shown(self):
        """The next review date readers see: never one that has passed."""
        if self.next_review_due and self.next_review_due >= timezone.localdate():
            return self.next_review_due
        return None

    @property
    def is_research(self):
        return self.kind == self.Kind.RESEARCH

    @property
    def stage_number(self):
        """The stage's place among the stages, from 1, or None."""
        stages = list(self.Stage)
        return stages.index(self.research_stage) + 1 if self.research_stage else None

    @property
    def stage_scale(self):
        """(short label, whether it is this article's) of every stage, in order."""
        return [(STAGE_SHORT_LABELS[stage], stage == self.research_stage) for stage in self.Stage]

    @property
    def stages_page_url(self):
        language = translation.get_language()
        return reverse("articles:page", kwargs={"slug": STAGES_PAGE_SLUGS.get(language, "")})

    @property
    def stage_short_label(self):
        """The stage in two or three words, for lists."""
        return STAGE_SHORT_LABELS.get(self.research_stage, "")

    @property
    def modified_at(self):
        """When readers last had something new: an edit or a note."""
        return max(filter(None, [self.updated_at, self.last_noted_at]))

    @cached_property
    def note_list(self):
        """The notes, newest first: from with_notes() when the query had it."""
        if not hasattr(self, "notes_json"):
            return list(self.notes.all())
        rows = json.loads(self.notes_json) if isinstance(self.notes_json, str) else self.notes_json
        notes = [
            ArticleNote(article_id=self.pk, **row | {"noted_at": parse_moment(row["noted_at"])})
            for row in rows or []
        ]
        return sorted(notes, key=lambda note: (note.noted_at, note.id), reverse=True)

    @property
    def last_correction(self):
        return next(
            (note for note in self.note_list if note.kind == ArticleNote.Kind.CORRECTION), None
        )

    def publication_problems(self):
        """{field: message} of what a research article lacks to be published."""
        if self.kind != self.Kind.RESEARCH or self.status != self.Status.PUBLISHED:
            return {}
        problems = {}
        if not self.research_stage:
            problems["research_stage"] = _(
                "Choose the stage of the research: readers need it before it is published."
            )
        if not self.what_it_means_en:
            problems["what_it_means_en"] = _(
                "Write what it means for readers now, in English, before publishing."
            )
        has_spanish_page = all(getattr(self, f"{field}_es") for field in self.page_fields)
        if has_spanish_page and not self.what_it_means_es:
            problems["what_it_means_es"] = _(
                "Write what it means for readers now in Spanish too: the Spanish version "
                "is published with the article."
            )
        return problems

    @property
    def spanish_status(self):
        status = super().spanish_status
        if status == "current":
            untranslated = getattr(self, "has_untranslated_notes", None)
            if untranslated is None:
                untranslated = any(not note.text_es for note in self.notes.all())
            if untranslated:
                return "out of date"
        return status


# The editors' page that explains the stages, made by migration 0010: every research
# article's box links to it, so its addresses stay these.
STAGES_PAGE_SLUGS = {"en": "stages-of-research", "es": "etapas-de-la-investigacion"}

STAGE_SHORT_LABELS = {
    Article.Stage.LABORATORY: _("Lab or animal study"),
    Article.Stage.EARLY: _("Early study in people"),
    Article.Stage.TRIAL: _("Large clinical trial"),
    Article.Stage.OBSERVATIONAL: _("Observational study"),
    Article.Stage.REVIEW: _("Review of studies"),
    Article.Stage.GUIDELINE: _("Guideline or approval"),
}


def parse_moment(text):
    """A time as the databases write it in JSON, as an aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ArticleNote(models.Model):
    """A dated correction, update or clarification of an article, shown to its readers."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        CLARIFICATION = "clarification", _("Clarification")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notes", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    noted_at = models.DateTimeField(_("date"), default=timezone.now)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        ordering = ["-noted_at", "-id"]
        indexes = [models.Index(fields=["-noted_at", "-id"], name="note_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.noted_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.refresh_article()

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#note-{self.pk}"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.refresh_article()
        return result

    def refresh_article(self):
        """Keep the article's `last_noted_at`, in one UPDATE the database works out."""
        newest = ArticleNote.objects.filter(article=OuterRef("pk")).order_by().values("article")
        Article.objects.filter(pk=self.article_id).update(
            last_noted_at=Subquery(newest.annotate(at=Max("noted_at")).values("at"))
        )


class Page(Publishable):
    """An editor's page that is not news: how recommendations work, clinical trials…"""

    objects = WorkflowQuerySet.as_manager()

    url_name = "articles:page"
    preview_url_name = "articles:page-preview"

    class Meta(Publishable.Meta):
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]
        permissions = [("translate_page", "Can translate page")]


class PromoQuerySet(TranslatedQuerySet):
    def running(self):
        """Promos whose campaign is on now."""
        now = timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)

    def active(self, slot):
        """Promos running now in `slot`; the first, the one that started last, is shown."""
        return self.running().filter(slot=slot).order_by("-starts_at", "-id")


class Promo(models.Model):
    """A campaign's small advertisement, shown in one slot of the site for a while."""

    class Slot(models.TextChoices):
        ARTICLE_END = "article_end", _("End of every article")
        HOME_SIDEBAR = "home_sidebar", _("Home page, side column")

    slot = models.CharField(_("slot"), max_length=20, choices=Slot)
    campaign = models.SlugField(
        _("campaign code"),
        max_length=50,
        help_text=_("For reports, for example: springappeal17"),
    )
    headline = models.CharField(_("headline"), max_length=100)
    text = models.CharField(_("text"), max_length=300, blank=True)
    link_text = models.CharField(_("link text"), max_length=60)
    url = models.URLField(
        _("link"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where a click takes the reader: an address starting with https://"),
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty to run until removed.")
    )
    clicks = models.PositiveIntegerField(
        _("readers who clicked"),
        default=0,
        editable=False,
        help_text=_("Each reader counts once a day, however often they click."),
    )

    objects = PromoQuerySet.as_manager()

    # What the promo needs in a language to be shown in it.
    page_fields = ("headline", "link_text", "url")

    class Meta:
        verbose_name = _("promo")
        verbose_name_plural = _("promos")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="promo_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["slot", "-starts_at"], name="promo_slot_starts_idx")]
        permissions = [("translate_promo", "Can translate promo")]

    def __str__(self):
        return f"{self.campaign}: {self.headline or self.headline_en}"

    def get_click_url(self):
        return reverse("articles:promo", kwargs={"pk": self.pk})


class PromoClickQuerySet(models.QuerySet):
    def count_reader(self, promo, reader):
        """Count `reader`'s click on `promo` if it is their first of the day: True if so.

        The unique constraint decides, in the database: simultaneous clicks of one reader
        count once. Earlier days' rows go: they are not needed to tell a reader again.
        """
        day = timezone.localdate()
        with transaction.atomic():
            _click, created = self.get_or_create(
                promo=promo, reader=self.model.reader_key(reader, day), day=day
            )
            if created:
                Promo.objects.filter(pk=promo.pk).update(clicks=F("clicks") + 1)
                self.filter(promo=promo, day__lt=day).delete()
        return created


class PromoClick(models.Model):
    """That one reader clicked a promo on a day, so that they count once that day.

    The reader is a keyed hash of their account or address and the day: neither can be
    read back from it, and the same reader's rows of two days cannot be linked.
    """

    promo = models.ForeignKey(
        Promo, on_delete=models.CASCADE, related_name="+", verbose_name=_("promo")
    )
    reader = models.CharField(_("reader"), max_length=64)
    day = models.DateField(_("day"))

    objects = PromoClickQuerySet.as_manager()

    class Meta:
        verbose_name = _("promo click")
        verbose_name_plural = _("promo clicks")
        ordering = ["-day", "promo"]
        constraints = [
            models.UniqueConstraint(
                fields=["promo", "day", "reader"], name="unique_promo_click_per_reader_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.promo_id} {self.day}"

    @staticmethod
    def reader_key(reader, day):
        return salted_hmac("articles.PromoClick", f"{day} {reader}", algorithm="sha256").hexdigest()


class FullTextDocument(models.TextField):
    """The hidden column an SQLite FTS5 table has under the table's own name.

    It is the left side of MATCH and the first argument of FTS5's bm25() and snippet().
    """


@FullTextDocument.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


class ArticleSearchEntry(models.Model):
    """On SQLite only, an article's row in the full-text index (see articles/search.py).

    The index is an FTS5 virtual table, `articles_article_search`, made by a migration
    that runs only on SQLite and kept in step with the articles by SQL triggers. It is
    described here, unmanaged, only so that a query can join it to its article by rowid:
    Django never creates, changes, flushes nor deletes from it, and on PostgreSQL it does
    not exist (nothing reads it there, and deleting an article does not look for it).
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="search_entry",
        verbose_name=_("article"),
    )
    document = FullTextDocument(db_column="articles_article_search")

    class Meta:
        managed = False
        db_table = "articles_article_search"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return str(self.article_id)
