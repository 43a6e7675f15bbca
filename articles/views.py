from functools import reduce
from operator import or_

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

import pagecache

from . import search as full_text
from .models import Article, ArticleNote, Page, Promo, PromoClick, Topic
from .pagination import get_page

NOTES_PER_PAGE = 20


def people_only(request):
    """Whether the reader asked for research in people only (`?people=1`)."""
    return request.GET.get("people") == "1"


def filtered(articles, request):
    return articles.research_in_people() if people_only(request) else articles


def topics_in(language):
    return Prefetch("topics", queryset=Topic.objects.in_language(language))


@pagecache.for_readers(query=["page", "people"])
def article_list(request):
    articles = filtered(Article.objects.published_in(get_language()), request)
    page = get_page(articles, request.GET.get("page"))
    return render(
        request,
        "articles/article_list.html",
        {"page_obj": page, "people_only": people_only(request)},
    )


@pagecache.for_readers(query=["page", "people"])
def topic_detail(request, slug):
    language = get_language()
    topic = get_object_or_404(Topic.objects.in_language(language), **{f"slug_{language}": slug})
    articles = filtered(Article.objects.published_in(language).filter(topics=topic), request)
    page = get_page(articles, request.GET.get("page"))
    return render(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "page_obj": page,
            "alternates": topic.alternates(),
            "people_only": people_only(request),
        },
    )


@pagecache.for_readers(query=["unavailable"])
def article_detail(request, slug):
    published = Article.objects.published().with_notes().prefetch_related(topics_in(get_language()))
    return translated_detail(request, published, slug, "articles/article_detail.html")


@pagecache.for_readers(query=["page"])
def note_list(request):
    """Every correction, update and clarification of the articles in the reader's language,
    newest first."""
    language = get_language()
    notes = ArticleNote.objects.filter(
        article__in=Article.objects.published().in_language(language)
    ).select_related("article")
    paginator = Paginator(notes, NOTES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "articles/note_list.html",
        {"page_obj": page, "alternates": note_list_alternates()},
    )


def note_list_alternates():
    alternates = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            alternates.append((code, reverse("articles:notes")))
    return alternates


@pagecache.for_readers(query=["unavailable"])
def page_detail(request, slug):
    return translated_detail(request, Page.objects.published(), slug, "articles/page_detail.html")


def translated_detail(request, published, slug, template_name):
    """The page of one of `published` by its slug in the reader's language.

    The object is in the context under its model's name (`article`, `page`).
    """
    language = get_language()
    obj = published.in_language(language).filter(**{f"slug_{language}": slug}).first()
    if obj is None:
        return redirect_to_other_version(published, slug, language)
    context = {obj._meta.model_name: obj, "alternates": obj.alternates()}
    unavailable = request.GET.get("unavailable")
    if unavailable in dict(settings.LANGUAGES) and unavailable not in obj.languages:
        context["unavailable_language"] = unavailable
    return render(request, template_name, context)


def redirect_to_other_version(published, slug, language):
    """A slug from another language's version: send the reader to the right page.

    When the page exists in the reader's language, that is its address. When it does
    not, the reader gets the version that exists, with a notice that says why.
    """
    any_slug = reduce(or_, (Q(**{f"slug_{code}": slug}) for code, _ in settings.LANGUAGES))
    obj = get_object_or_404(published.prefetch_related(None).filter(any_slug))
    if language in obj.languages:
        return redirect(obj.url_in(language), permanent=True)
    if not obj.languages:
        raise Http404
    url = obj.url_in(obj.languages[0])
    return redirect(f"{url}?{urlencode({'unavailable': language})}")


def search(request):
    """Published articles in the reader's language that match `?q=`, best match first.

    Without a query the page invites one and lists the topics instead.
    """
    language = get_language()
    query = full_text.clean_query(request.GET.get("q", ""))
    context = {
        "query": query,
        "alternates": search_alternates(query),
        "people_only": people_only(request),
    }
    if query:
        results = full_text.search(language, query, people_only=people_only(request))
        context["page_obj"] = get_page(results, request.GET.get("page"))
        context["capped"] = results.capped
    else:
        context["topics"] = Topic.objects.in_language(language)
    return render(request, "articles/search.html", context)


def search_alternates(query):
    """The same search in each language, for the language switch."""
    alternates = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("articles:search")
        alternates.append((code, f"{url}?{urlencode({'q': query})}" if query else url))
    return alternates


@cache_control(private=True, no_store=True)
def article_preview(request, slug):
    articles = Article.objects.with_notes().prefetch_related(topics_in(get_language()))
    return preview(request, articles, slug, "articles/article_detail.html")


@cache_control(private=True, no_store=True)
def page_preview(request, slug):
    return preview(request, Page.objects.all(), slug, "articles/page_detail.html")


def preview(request, queryset, slug, template_name):
    """Any version of the page, published or not, as readers would see it: for staff only.

    Readers get a 404, as if it did not exist. The page is never cached or indexed.
    """
    opts = queryset.model._meta
    if not (
        request.user.is_staff and request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    ):
        raise Http404
    language = get_language()
    obj = get_object_or_404(queryset.in_language(language), **{f"slug_{language}": slug})
    context = {opts.model_name: obj, "alternates": obj.preview_alternates(), "preview": True}
    response = render(request, template_name, context)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@never_cache
def promo_click(request, pk):
    """Count the reader who clicked a promo and send them on to the promo's own link.

    The destination is only ever the link an editor configured for this promo in this
    language, never anything from the request, so the address cannot be used to send
    readers elsewhere. Only a GET counts (a HEAD is a link checker or a prefetch), and a
    reader counts once a day: their account, or else their address, since a script can
    drop or mint session cookies at will.
    """
    language = get_language()
    promo = get_object_or_404(Promo.objects.running().in_language(language), pk=pk)
    if request.method == "GET":
        if request.user.is_authenticated:
            reader = f"user {request.user.pk}"
        else:
            reader = f"client {request.client_ip}"
        PromoClick.objects.count_reader(promo, reader)
    return redirect(getattr(promo, f"url_{language}"))
