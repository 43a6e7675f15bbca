import csv
import unicodedata

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import admin as articles_admin
from articles.models import Article

from .models import HelpfulnessVote, with_helpfulness

COMMENTS_SHOWN = 200
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    # Spreadsheets also read the full-width signs (U+FF1D "=", U+FF0B "+"…) as these:
    # compare the cell's NFKC form, where they are the ASCII ones.
    if isinstance(value, str) and unicodedata.normalize("NFKC", value).startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class Echo:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value):
        return value


def votes_csv(votes, filename):
    """The votes, one row each, as a CSV download that spreadsheets open safely."""
    writer = csv.writer(Echo())
    header = [
        gettext("article ID"),
        gettext("article"),
        gettext("answered"),
        gettext("changed"),
        gettext("language"),
        gettext("helpful"),
        gettext("comment"),
    ]

    def rows():
        # The byte order mark tells spreadsheet programs that the file is UTF-8.
        yield "\ufeff" + writer.writerow(header)
        for vote in votes.select_related("article").order_by("article", "created_at", "pk"):
            row = [
                vote.article_id,
                vote.article.title_en,
                timezone.localtime(vote.created_at).isoformat(timespec="seconds"),
                timezone.localtime(vote.updated_at).isoformat(timespec="seconds"),
                vote.language,
                "yes" if vote.helpful else "no",
                vote.comment,
            ]
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    return StreamingHttpResponse(
        rows(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@admin.register(HelpfulnessVote)
class HelpfulnessVoteAdmin(admin.ModelAdmin):
    """Readers' answers, to read and export: editors cannot add or change them."""

    list_display = ["created_at", "article_title", "answer", "language", "comment_start"]
    list_display_links = ["created_at"]
    list_filter = ["helpful", "language", "created_at"]
    list_select_related = ["article"]
    search_fields = ["comment", "article__title_en", "article__title_es"]
    date_hierarchy = "created_at"
    fields = ["article", "answer", "language", "comment", "created_at", "updated_at"]
    readonly_fields = fields
    actions = ["download_csv"]

    @admin.display(description=_("helpful"), ordering="helpful")
    def answer(self, vote):
        return vote.get_answer_display()

    # A method rather than the field, whose cell would not wrap a long title.
    @admin.display(description=_("article"), ordering="article")
    def article_title(self, vote):
        return str(vote.article)

    @admin.display(description=_("comment"))
    def comment_start(self, vote):
        return Truncator(vote.comment).chars(80)

    @admin.action(description=_("Download the selected votes as CSV"), permissions=["view"])
    def download_csv(self, request, queryset):
        return votes_csv(queryset, "helpfulness-votes.csv")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only to honour a reader's request to erase what they wrote, or to remove spam:
        # editors who read the results cannot change them.
        return request.user.is_superuser


class VoteLanguageFilter(admin.SimpleListFilter):
    title = _("votes cast in")
    parameter_name = "vote_language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        # The counts are already those of this language (ArticleAdmin.get_queryset).
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(Q(yes_votes__gt=0) | Q(no_votes__gt=0))
        return queryset


class HelpfulnessColumns:
    """What feedback adds to the article admin: the list's helpfulness columns and filter,
    and each article's report and CSV export.

    A mixin, not a registered admin: `articles` knows nothing of feedback (docs/design.md),
    and the project puts the article admin together once, in newsroom/admin.py, from
    articles' ArticleAdmin and this.
    """

    list_display = ["helpful_column"]
    list_filter = [VoteLanguageFilter]

    def get_queryset(self, request):
        language = request.GET.get(VoteLanguageFilter.parameter_name)
        if language not in dict(settings.LANGUAGES):
            language = None
        return with_helpfulness(super().get_queryset(request), language)

    # One column, "72 % of 25", that opens the report: three numbers and a link side by side
    # pushed the list wider than the screen.
    @admin.display(description=_("helpful"), ordering="helpful_percent")
    def helpful_column(self, article):
        url = reverse("admin:articles_article_feedback", args=[article.pk])
        answers = article.yes_votes + article.no_votes
        if not answers:
            return format_html('<a href="{}">{}</a>', url, gettext("no answers"))
        # xgettext:no-python-format
        share = gettext("%(percent)d %% of %(count)d") % {
            "percent": round(article.helpful_percent),
            "count": answers,
        }
        return format_html('<a href="{}">{}</a>', url, share)

    def get_urls(self):
        # Before the inherited URLs, whose "<object_id>/" would take these addresses.
        return [
            path(
                "<path:object_id>/feedback/",
                self.admin_site.admin_view(self.feedback_report_view),
                name="articles_article_feedback",
            ),
            path(
                "<path:object_id>/feedback/votes.csv",
                self.admin_site.admin_view(self.feedback_csv_view),
                name="articles_article_feedback_csv",
            ),
            *super().get_urls(),
        ]

    def get_article_votes(self, request, object_id):
        if not request.user.has_perm("feedback.view_helpfulnessvote"):
            raise PermissionDenied
        pk = articles_admin.id_or_404(Article._meta.pk, object_id)
        article = get_object_or_404(Article, pk=pk)
        return article, HelpfulnessVote.objects.filter(article=article)

    def feedback_report_view(self, request, object_id):
        article, votes = self.get_article_votes(request, object_id)
        languages = dict(settings.LANGUAGES)
        comments = votes.exclude(comment="").order_by("-updated_at", "-pk")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Feedback on “%(article)s”") % {"article": article},
            "article": article,
            "totals": votes.summary(),
            "by_language": [
                row | {"language": languages.get(row["language"], row["language"])}
                for row in votes.by_language()
            ],
            "by_month": votes.by_month(),
            "comments": comments[:COMMENTS_SHOWN],
            "comment_count": comments.count(),
            "comments_shown": COMMENTS_SHOWN,
        }
        return TemplateResponse(request, "admin/feedback/article_report.html", context)

    def feedback_csv_view(self, request, object_id):
        article, votes = self.get_article_votes(request, object_id)
        return votes_csv(votes, f"feedback-{article.slug_en}.csv")
