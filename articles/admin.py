import copy
import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import construct_instance
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from .history import english_since_spanish, readable_history, revert_reason
from .models import Article, ArticleNote, Page, Promo, Topic, Workflow
from .quality import check_item
from .rendering import render_markdown


def id_or_404(field, value):
    """`value` as the primary key `field` holds; a page not found for an address whose id
    could not be one ("abc", "1.5"), which the database would otherwise refuse with an
    error."""
    try:
        return field.to_python(unquote(value))
    except ValidationError:
        raise Http404 from None


def list_date(value):
    """Every date in the admin lists in one format, the locale's own ("2 de diciembre de 2026")."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")


def name_its_language(db_field, field):
    """A translated field's form field labelled "Title (Spanish)" rather than
    modeltranslation's "Title [es]"; the lang attribute gives each input its own spelling
    checker."""
    language = getattr(db_field, "language", None)
    if field is not None and language is not None:
        field.label = format_lazy(
            "{} ({})",
            capfirst(db_field.translated_field.verbose_name),
            dict(settings.LANGUAGES)[language],
        )
        field.widget.attrs["lang"] = language
    return field


class SpanishVersionFilter(admin.SimpleListFilter):
    title = _("Spanish version")
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Has a Spanish page")),
            ("outdated", _("Spanish out of date")),
            ("no", _("Spanish missing")),
        ]

    def queryset(self, request, queryset):
        with_spanish = queryset.in_language("es")
        if self.value() == "yes":
            return with_spanish
        if self.value() == "outdated":
            return queryset.spanish_out_of_date()
        if self.value() == "no":
            return queryset.exclude(pk__in=with_spanish.values("pk"))
        return queryset


class MedicalReviewFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue for review")), ("never", _("Never reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue_for_review()
        if self.value() == "never":
            return queryset.filter(last_reviewed_on__isnull=True)
        return queryset


class QualityFilter(admin.SimpleListFilter):
    title = _("quality check")
    parameter_name = "quality"

    def lookups(self, request, model_admin):
        return [("fails", _("Needs work")), ("passes", _("Passes"))]

    def queryset(self, request, queryset):
        if self.value() not in ("fails", "passes"):
            return queryset
        # Scored here, not stored: the check changes with its targets, and a list this
        # size is scored in a moment.
        admin_ = self.model_admin
        columns = ["pk", *admin_.quality_columns()]
        failing = [
            row["pk"]
            for row in queryset.values(*columns)
            if not admin_.quality_passes(admin_.quality_reports(row))
        ]
        if self.value() == "fails":
            return queryset.filter(pk__in=failing)
        return queryset.exclude(pk__in=failing)

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


class PublishCheckForm(forms.ModelForm):
    """Publishing something that fails the quality check asks once more: it warns, it does
    not block."""

    publish_anyway = forms.BooleanField(
        label=_("Publish anyway"), required=False, widget=forms.HiddenInput
    )
    # Set by the admin: {language: report} for the form's cleaned data.
    quality_reports = None

    def clean(self):
        cleaned = super().clean()
        publishing = (
            cleaned.get("status") == Workflow.Status.PUBLISHED
            and self.instance.status != Workflow.Status.PUBLISHED
        )
        if not publishing or cleaned.get("publish_anyway") or self.quality_reports is None:
            return cleaned
        values = {name: cleaned.get(name, getattr(self.instance, name, None)) for name in
                  self.quality_field_names}  # fmt: skip
        problems = [
            f"{dict(settings.LANGUAGES)[code]}: {problem}"
            for code, report in self.quality_reports(values).items()
            for problem in report.problems
        ]
        if problems:
            self.fields["publish_anyway"].widget = forms.CheckboxInput()
            raise ValidationError(
                [
                    gettext(
                        "This fails the quality check. Tick “Publish anyway” and save again "
                        "to publish it as it is, or change it first."
                    ),
                    *problems,
                ]
            )
        return cleaned


class NewsroomAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """English and Spanish side by side, history that can be viewed and reverted, and
    translators.

    Translators hold "view" and "translate" permissions but not "change": they may open
    the change form, where every field but the Spanish ones is read-only. The
    permission says what someone may do, so a superuser or an editor who also
    translates keeps the whole form.
    """

    # Markdown field shown rendered, English and Spanish side by side, on the change form.
    markdown_field = None
    # Translated fields that are not words to translate: translators may not change them.
    editors_only = ()
    change_form_template = "admin/articles/change_form.html"

    # css/admin.css is in every admin page's head (templates/admin/base_site.html): the
    # history and the header's language switch use it too.
    class Media:
        js = ["js/markdown-preview.js", "js/quality-check.js"]

    # Short fields that still hold more than a line's worth of text.
    long_text_fields = ()

    def get_fieldsets(self, request, obj=None):
        """Each translated field's English and Spanish on one row, English first; and, while
        the Spanish is out of date, what changed in the English since, at the top."""
        translated = translator.get_options_for_model(self.model).fields
        pairs = {f"{name}_en": f"{name}_es" for name in translated}
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = []
            for field in options["fields"]:
                if fields and pairs.get(fields[-1]) == field:
                    fields[-1] = (fields[-1], field)
                else:
                    fields.append(field)
            fieldsets.append((name, options | {"fields": fields}))
        if obj is not None and self.english_diffs(obj):
            first_name, first_options = fieldsets[0]
            fields = ["english_changes", *first_options["fields"]]
            fieldsets[0] = (first_name, first_options | {"fields": fields})
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        name = getattr(db_field, "translated_field", db_field).name
        if field is not None and isinstance(field.widget, forms.TextInput):
            long = db_field.max_length and db_field.max_length > 200
            if long or name in self.long_text_fields:
                field.widget = forms.Textarea(attrs={"rows": 3, **field.widget.attrs})
        return name_its_language(db_field, field)

    def english_diffs(self, obj):
        if not hasattr(obj, "spanish_edited_at"):
            return []
        fields = translator.get_options_for_model(self.model).fields
        return english_since_spanish(obj, fields)

    @admin.display(description=_("English changed since the Spanish was updated"))
    def english_changes(self, obj):
        opts = self.model._meta
        return format_html_join(
            "",
            '<div class="english-changes"><p class="english-changes__field">{}</p>'
            '<p class="english-changes__diff" lang="en">{}</p></div>',
            (
                (capfirst(opts.get_field(field).verbose_name), diff)
                for field, diff in self.english_diffs(obj)
            ),
        )

    def has_translate_permission(self, request):
        codename = get_permission_codename("translate", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def has_edit_permission(self, request, obj=None):
        """Change permission proper: every field, the status and the history."""
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.has_translate_permission(request)

    def translates_only(self, request, obj=None):
        return not self.has_edit_permission(request, obj) and self.has_translate_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "english_changes"]
        if self.translates_only(request, obj):
            spanish = {
                f"{name}_es"
                for name in translator.get_options_for_model(self.model).fields
                if name not in self.editors_only
            }
            readonly += [
                name
                for name in flatten_fieldsets(self.get_fieldsets(request, obj))
                if name not in spanish and name not in readonly
            ]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if self.translates_only(request, obj):
            return {
                field: sources for field, sources in prepopulated.items() if field.endswith("_es")
            }
        return prepopulated

    object_history_template = "admin/articles/object_history.html"
    object_history_form_template = "admin/articles/object_history_form.html"

    def history_view(self, request, object_id, extra_context=None):
        pk = id_or_404(self.opts.pk, object_id)
        records = self.get_history_queryset(
            request, self.model.history, self.opts.pk.attname, pk
        ).order_by("history_date", "history_id")
        entries = readable_history(self.model, list(records))
        context = {"entries": entries, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        # Replaced by readable_history(): one line per field, word-level, in both languages.
        pass

    def history_view_title(self, request, obj):
        return gettext("History of “%(item)s”") % {"item": obj}

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("An earlier version of “%(item)s”") % {"item": obj}
        return gettext("Revert “%(item)s” to an earlier version") % {"item": obj}

    def save_model(self, request, obj, form, change):
        version = getattr(self, "reverting_to", None)
        if version is not None:
            obj._change_reason = revert_reason(version)
        super().save_model(request, obj, form, change)
        if version is not None and hasattr(obj, "restore_edit_times"):
            obj.restore_edit_times(version)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self.has_edit_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        id_or_404(self.opts.pk, object_id)
        id_or_404(self.model.history.model._meta.pk, version_id)
        # A revert restores every field of the old version, whatever the form shows, so
        # only those who may change every field may post one.
        if request.method == "POST" and not self.has_edit_permission(request):
            raise PermissionDenied
        # django-simple-history reads the prepopulated_fields attribute rather than
        # get_prepopulated_fields(): give it, on a copy, what this person's form has.
        view = copy.copy(self)
        view.prepopulated_fields = self.get_prepopulated_fields(request)
        if request.method == "POST":
            view.reverting_to = get_object_or_404(
                self.model.history, **{self.opts.pk.attname: object_id, "history_id": version_id}
            )
        return super(NewsroomAdmin, view).history_form_view(
            request, object_id, version_id, extra_context
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # django-simple-history calls select_related() with no field names for a model
        # without foreign keys, which Django 6.1 deprecates: name them here.
        foreign_keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *foreign_keys
        )

    def get_urls(self):
        urls = super().get_urls()
        if self.markdown_field is None:
            return urls
        name = f"{self.opts.app_label}_{self.opts.model_name}_markdown_preview"
        view = self.admin_site.admin_view(require_POST(self.markdown_preview_view))
        quality_name = f"{self.opts.app_label}_{self.opts.model_name}_quality_check"
        quality_view = self.admin_site.admin_view(require_POST(self.quality_check_view))
        return [
            path("markdown-preview/", view, name=name),
            path("quality-check/", quality_view, name=quality_name),
            *urls,
        ]

    # The fields the quality check reads, per language: (summary, body, meta description).
    quality_fields = ("body",)

    def quality_columns(self):
        return [f"{name}_{code}" for name in self.quality_fields for code, _n in settings.LANGUAGES]

    def quality_reports(self, values):
        return check_item(
            values,
            [code for code, _name in settings.LANGUAGES],
            meta_description="meta_description" in self.quality_fields,
        )

    @staticmethod
    def quality_passes(reports):
        return all(report.passes for report in reports.values())

    def quality_check_view(self, request):
        """The quality check of the text typed so far, as the panel's HTML."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        saved = None
        if request.POST.get("object_id"):
            saved = self.get_object(request, request.POST["object_id"])
        values = {}
        for name in self.quality_columns():
            # A language the editor may not change is not in the form: its saved text.
            value = request.POST.get(name)
            if value is None and saved is not None:
                value = getattr(saved, name)
            values[name] = value or ""
        reports = self.quality_reports(values).values()
        html = render_to_string(
            "admin/articles/quality_report.html", {"reports": reports}, request=request
        )
        return JsonResponse({"html": html})

    @admin.display(description=_("quality"))
    def quality_column(self, obj):
        reports = self.quality_reports(
            {name: getattr(obj, name) for name in self.quality_columns()}
        )
        parts = []
        for code, report in reports.items():
            if report.empty:
                continue
            count = len(report.problems)
            text = (
                ngettext("%(count)d to fix", "%(count)d to fix", count) % {"count": count}
                if count
                else gettext("fine")
            )
            parts.append((code.upper(), "quality--fail" if count else "quality--pass", text))
        # One line per language: "EN 3 to fix", "ES fine".
        return format_html_join(mark_safe("<br>"), '<span class="{1}">{0} {2}</span>', parts)

    def markdown_preview_view(self, request):
        """The Markdown of each language as readers would get it, for the change form.

        A language whose field the editor may not change (a translator's English) is
        not in the form: its saved text is shown.
        """
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        saved = None
        if request.POST.get("object_id"):
            saved = self.get_object(request, request.POST["object_id"])
        preview = {}
        for code, _name in settings.LANGUAGES:
            name = f"{self.markdown_field}_{code}"
            text = request.POST.get(name)
            if text is None and saved is not None:
                text = getattr(saved, name)
            preview[code] = render_markdown(text or "")
        return JsonResponse(preview)

    def render_change_form(self, request, context, *args, **kwargs):
        context["markdown_field"] = self.markdown_field
        context["markdown_languages"] = settings.LANGUAGES
        if self.markdown_field is not None:
            form = context["adminform"].form
            values = {
                name: form[name].value() if name in form.fields else getattr(form.instance, name)
                for name in self.quality_columns()
            }
            context["quality_reports"] = self.quality_reports(values).values()
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("title"), ordering="title_en")
    def title_column(self, obj):
        """The title (in the editor's language, or in English while there is no Spanish),
        with the secondary facts muted under it: the title gets the width, not a column each.
        """
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        title = format_html('<a href="{}">{}</a>', url, obj.title or obj.title_en)
        facts = self.title_facts(obj)
        if not facts:
            return title
        return format_html(
            '{}<br><small class="list-facts">{}</small>',
            title,
            format_html_join(" · ", "{}", ((fact,) for fact in facts)),
        )

    def title_facts(self, obj):
        return []

    @admin.display(description=_("Spanish"))
    def spanish_column(self, obj):
        return {
            "missing": gettext("Missing"),
            "out of date": gettext("Out of date"),
            "current": gettext("Up to date"),
        }[obj.spanish_status]


class WorkflowAdmin(NewsroomAdmin):
    """Draft → in review → published → archived, with who moved each item and when."""

    actions = ["publish", "archive"]
    form = PublishCheckForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.quality_reports = staticmethod(self.quality_reports)
        form.quality_field_names = self.quality_columns()
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request):
            return fieldsets
        # Only those who publish are asked to confirm it.
        return [
            (name, options | {"fields": [f for f in options["fields"] if f != "publish_anyway"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not change or "status" in form.changed_data:
            obj.set_status(obj.status, request.user)
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return self.has_edit_permission(request)

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.move_to(request, queryset, Workflow.Status.PUBLISHED)
        message = ngettext("%(count)d item published.", "%(count)d items published.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Archive the selected items"), permissions=["publish"])
    def archive(self, request, queryset):
        count = self.move_to(request, queryset, Workflow.Status.ARCHIVED)
        message = ngettext("%(count)d item archived.", "%(count)d items archived.", count)
        self.message_user(request, message % {"count": count})

    @transaction.atomic
    def move_to(self, request, queryset, status):
        """Move each item to `status`; how many moved."""
        with translation.override(None):
            # The admin log stores field names in English and translates them when shown.
            message = [{"changed": {"fields": [str(self.opts.get_field("status").verbose_name)]}}]
        moved = 0
        # One save each, not queryset.update(): each change then has its history record
        # and admin log entry, and says who made it, as a change made in the form does.
        for obj in queryset:
            if obj.status == status:
                continue
            obj.set_status(status, request.user)
            obj.save()
            self.log_change(request, obj, message)
            moved += 1
        return moved

    # The title links to the change form itself, with its facts under it.
    list_display_links = None

    def title_facts(self, obj):
        facts = []
        if obj.is_public:
            facts.append(gettext("published %(date)s") % {"date": list_date(obj.published_at)})
        elif obj.is_scheduled:
            facts.append(
                gettext("to be published %(date)s") % {"date": list_date(obj.published_at)}
            )
        preview = self.preview_html(obj, "%(language)s")
        return [*facts, format_html("{}: {}", gettext("preview"), preview)]

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj):
        status = obj.get_status_display()
        if obj.is_scheduled:
            status = format_html("{} ({})", status, gettext("scheduled"))
        if obj.status_changed_at is None:
            return status
        changed = list_date(obj.status_changed_at)
        if obj.status_changed_by is not None:
            changed = gettext("%(time)s by %(person)s") % {
                "time": changed,
                "person": obj.status_changed_by.get_full_name(),
            }
        return format_html('{}<br><small class="list-facts">{}</small>', status, changed)

    @admin.display(description=_("status changed"))
    def status_change(self, obj):
        if obj.status_changed_at is None:
            return "—"
        when = date_format(timezone.localtime(obj.status_changed_at), "DATETIME_FORMAT")
        if obj.status_changed_by is None:
            return when
        return gettext("%(time)s by %(person)s") % {
            "time": when,
            "person": obj.status_changed_by.get_full_name(),
        }

    def view_on_site(self, obj):
        # Readers would get a 404 for an unpublished item: staff see its preview instead.
        language = translation.get_language()
        if language not in obj.languages:
            language = settings.LANGUAGE_CODE
        return obj.url_in(language) if obj.is_public else obj.preview_url_in(language)

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save it first to preview it.")
        return self.preview_html(obj, gettext("Preview in %(language)s"))

    @admin.display(description=_("preview"))
    def preview_column(self, obj):
        return self.preview_html(obj, "%(language)s")

    def preview_html(self, obj, text):
        languages = dict(settings.LANGUAGES)
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (obj.preview_url_in(code), text % {"language": languages[code]})
                for code in obj.languages
            ),
        )


@admin.register(Topic)
class TopicAdmin(NewsroomAdmin):
    list_display = ["name_column", "slug_en", "spanish_column"]
    search_fields = ["name_en", "name_es", "description_en", "description_es"]
    list_filter = [SpanishVersionFilter]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [(None, {"fields": ["name", "slug", "description"]})]

    @admin.display(description=_("name"), ordering="name_en")
    def name_column(self, topic):
        return topic.name or topic.name_en


class ArticleNoteInline(TranslationTabularInline):
    """Corrections, updates and clarifications, on the article's form.

    A note is part of its article: whoever may change the article may add, change and
    remove its notes; a translator writes their Spanish text and nothing else.
    """

    model = ArticleNote
    fields = ["kind", "noted_at", "text"]
    extra = 0

    def article_admin(self):
        return self.admin_site.get_model_admin(Article)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return name_its_language(db_field, field)  # as on the article's own form

    def has_add_permission(self, request, obj=None):
        return self.article_admin().has_edit_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.article_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.article_admin().has_edit_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.article_admin().has_view_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.article_admin().translates_only(request, obj):
            return ["kind", "noted_at", "text_en"]
        return super().get_readonly_fields(request, obj)


class ArticleForm(PublishCheckForm):
    def clean(self):
        """A research article is published only with what readers need to weigh it: a rule,
        checked before the quality check, which only warns."""
        article = construct_instance(self, copy.copy(self.instance))
        for field, message in article.publication_problems().items():
            self.add_error(field if field in self.fields else None, message)
        return super().clean()


# Registered by the project (newsroom/admin.py), with the columns other apps add to it.
class ArticleAdmin(WorkflowAdmin):
    form = ArticleForm
    inlines = [ArticleNoteInline]
    list_display = [
        "title_column",
        "status_column",
        "spanish_column",
        "quality_column",
    ]
    list_select_related = ["status_changed_by"]
    list_filter = [
        "status",
        SpanishVersionFilter,
        QualityFilter,
        MedicalReviewFilter,
        "topics",
        "published_at",
    ]
    search_fields = ["title_en", "title_es", "summary_en", "summary_es", "journal", "paper_title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    # Tick boxes rather than Django's two-list chooser, whose icons carry ARIA labels axe
    # rejects and whose Spanish reads "temas Disponibles": a newsroom has a few dozen topics.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["preview_links", "status_change"]
    markdown_field = "body"
    quality_fields = ("summary", "body", "meta_description")
    long_text_fields = ["meta_description"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "meta_description"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_anyway",
                    "published_at",
                    "topics",
                    "status_change",
                    "preview_links",
                ]
            },
        ),
        # Folded until opened: filled in once per article, they made the form too long to
        # find the text in.
        (
            _("Medical review"),
            {
                "classes": ["collapse"],
                "fields": [
                    "reviewer_name",
                    "reviewer_credentials",
                    "last_reviewed_on",
                    "next_review_due",
                ],
            },
        ),
        (
            _("What this research means"),
            {
                "fields": [
                    "kind",
                    "research_stage",
                    "study_population",
                    "participants",
                    "what_it_means",
                ]
            },
        ),
        (
            _("The research"),
            {
                "classes": ["collapse"],
                "fields": ["journal", "paper_title", "paper_url", "paper_published_on"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_untranslated_notes()

    def move_to(self, request, queryset, status):
        """As WorkflowAdmin's, but a research article that lacks what readers need to
        weigh it is left as it was, and the editor told which and why."""
        if status != Workflow.Status.PUBLISHED:
            return super().move_to(request, queryset, status)
        ready, held = [], []
        for article in queryset:
            trial = copy.copy(article)
            trial.status = status
            (held if trial.publication_problems() else ready).append(article.pk)
        if held:
            titles = ", ".join(str(article) for article in queryset.filter(pk__in=held))
            self.message_user(
                request,
                gettext(
                    "Not published, because the stage of the research or what it means "
                    "for readers is missing: %(titles)s"
                )
                % {"titles": titles},
                messages.ERROR,
            )
        return super().move_to(request, queryset.filter(pk__in=ready), status)

    def save_related(self, request, form, formsets, change):
        """A note added, changed or removed is part of the article's history: the entry
        this save made says so."""
        super().save_related(request, form, formsets, change)
        reasons = []
        for formset in formsets:
            if formset.model is not ArticleNote:
                continue
            for message, notes in (
                (gettext("%(note)s added"), formset.new_objects),
                (gettext("%(note)s changed"), [note for note, _fields in formset.changed_objects]),
                (gettext("%(note)s removed"), formset.deleted_objects),
            ):
                reasons += [
                    message % {"note": f"{note.get_kind_display()} {note.noted_at:%Y-%m-%d}"}
                    for note in notes
                ]
        entry = form.instance.history.order_by("-history_date", "-history_id").first()
        if reasons and entry is not None:
            reason = "; ".join(reasons)[:100]
            type(entry).objects.filter(pk=entry.pk).update(history_change_reason=reason)

    def title_facts(self, article):
        facts = super().title_facts(article)
        if article.next_review_due is None:
            return facts
        review = gettext("next review %(date)s") % {"date": list_date(article.next_review_due)}
        if article.is_overdue_for_review:
            review = format_html(
                '<strong class="overdue">{} ({})</strong>', review, gettext("overdue")
            )
        return [*facts, review]


@admin.register(Page)
class PageAdmin(WorkflowAdmin):
    list_display = [
        "title_column",
        "status_column",
        "spanish_column",
        "quality_column",
    ]
    list_select_related = ["status_changed_by"]
    list_filter = ["status", SpanishVersionFilter, QualityFilter]
    search_fields = ["title_en", "title_es", "body_en", "body_es"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_links", "status_change"]
    markdown_field = "body"
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_anyway",
                    "published_at",
                    "status_change",
                    "preview_links",
                ]
            },
        ),
    ]


class RunningFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "running"

    def lookups(self, request, model_admin):
        return [("yes", _("Running now")), ("no", _("Not running"))]

    def queryset(self, request, queryset):
        running = queryset.running()
        if self.value() == "yes":
            return running
        if self.value() == "no":
            return queryset.exclude(pk__in=running.values("pk"))
        return queryset


@admin.register(Promo)
class PromoAdmin(NewsroomAdmin):
    list_display = [
        "campaign",
        "headline_column",
        "slot",
        "starts_at",
        "ends_at",
        "has_spanish",
        "clicks",
    ]
    list_filter = ["slot", RunningFilter, "campaign"]
    search_fields = ["campaign", "headline_en", "headline_es"]
    readonly_fields = ["clicks"]
    # Where a Spanish reader's click (often a donation) goes is the editors' decision.
    editors_only = ["url"]
    fieldsets = [
        (None, {"fields": ["slot", "campaign", "headline", "text", "link_text", "url"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (_("Results"), {"fields": ["clicks"]}),
    ]

    @admin.display(description=_("headline"))
    def headline_column(self, promo):
        return promo.headline or promo.headline_en

    @admin.display(description=_("In Spanish"), boolean=True)
    def has_spanish(self, promo):
        return all(getattr(promo, f"{field}_es") for field in Promo.page_fields)
