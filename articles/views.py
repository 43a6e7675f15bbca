from functools import reduce
from operator import or_

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language

from .models import Article, Topic

ARTICLES_PER_PAGE = 10


def public_articles(language):
    """Published articles that have a page in `language`, with their topics in it."""
    return (
        Article.objects.published()
        .in_language(language)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.in_language(language)))
    )


def get_page(queryset, number):
    """The requested page, or the nearest one that exists: a bad `?page=` is never an error."""
    paginator = Paginator(queryset, ARTICLES_PER_PAGE)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))


def article_list(request):
    page = get_page(public_articles(get_language()), request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page_obj": page})


def topic_detail(request, slug):
    language = get_language()
    topic = get_object_or_404(Topic.objects.in_language(language), **{f"slug_{language}": slug})
    page = get_page(public_articles(language).filter(topics=topic), request.GET.get("page"))
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "page_obj": page, "alternates": topic.alternates()},
    )


def article_detail(request, slug):
    language = get_language()
    article = public_articles(language).filter(**{f"slug_{language}": slug}).first()
    if article is None:
        return redirect_to_other_version(slug, language)
    context = {"article": article, "alternates": article.alternates()}
    unavailable = request.GET.get("unavailable")
    if unavailable in dict(settings.LANGUAGES) and unavailable not in article.languages:
        context["unavailable_language"] = unavailable
    return render(request, "articles/article_detail.html", context)


def redirect_to_other_version(slug, language):
    """A slug from another language's version: send the reader to the right page.

    When the article exists in the reader's language, that is its address. When it does
    not, the reader gets the version that exists, with a notice that says why.
    """
    any_slug = reduce(or_, (Q(**{f"slug_{code}": slug}) for code, _ in settings.LANGUAGES))
    article = get_object_or_404(Article.objects.published().filter(any_slug))
    if language in article.languages:
        return redirect(article.url_in(language), permanent=True)
    if not article.languages:
        raise Http404
    url = article.url_in(article.languages[0])
    return redirect(f"{url}?{urlencode({'unavailable': language})}")
