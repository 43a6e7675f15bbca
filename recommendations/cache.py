"""A reader's recommendations, kept in the cache between pages.

Ranked again only when what they are ranked from changes: the reader's favorites,
answers or settings (recommendations.signals forgets them), or after KEEP_FOR. A change
of the site's content (a new page cache version) does not rank them again: the kept
articles are read afresh in one query instead, so that one unpublished since is dropped
and an edited title shows as it is now. Kept per reader and language, they come with the
stored page in one cache round trip (kept_keys, registered in newsroom.apps).
"""

from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, When
from django.utils.translation import get_language

import pagecache
from articles.models import Article, has_page_in

from .engine import BLOCK_SIZE, displayed_fields, recommendations_for

# How long a reader's ranking is kept when nothing of theirs changes (seconds): articles
# published since then reach their recommendations at most this late.
KEEP_FOR = 60 * 60


def block(request, article, render):
    """The reader's "Recommended for you" under `article`, as HTML: render(recommendations)
    for the best BLOCK_SIZE but the article itself (None: the reader has none yet).

    Kept with their ranking, the HTML too: the block is the same on every page a reader
    reads but the pages of the articles it shows, so it is rendered once for each set of
    articles it shows (at most BLOCK_SIZE + 1 of them) until the ranking or the site's
    content changes, instead of on every page.
    """
    user, language = request.user, get_language()
    version = pagecache.content_version(request)
    if version is None:  # no page cache in use: nothing to keep them in step with
        return render(shown(recommendations_for(user, language, BLOCK_SIZE + 1), article))

    def ranked():
        ranking = recommendations_for(user, language, BLOCK_SIZE + 1)
        return {"version": version, "ranked": ranking, "blocks": {}}

    key = cache_key(user.pk, language)
    kept = pagecache.kept(request, key, ranked, KEEP_FOR)
    changed = kept["version"] != version
    if changed:
        kept = {"version": version, "ranked": as_published(kept["ranked"], language), "blocks": {}}
    recommendations = shown(kept["ranked"], article)
    showing = tuple(rec.article.pk for rec in recommendations or ())
    html = kept["blocks"].get(showing)
    if html is None:
        html = kept["blocks"][showing] = render(recommendations)
        changed = True
    if changed:
        cache.set(key, kept, KEEP_FOR)
    return html


def shown(ranked, article):
    """The recommendations shown under `article` (never itself), None if there are none."""
    if ranked is None:
        return None
    return [rec for rec in ranked if rec.article.pk != article][:BLOCK_SIZE]


def as_published(recommendations, language):
    """Kept recommendations as the site has them now (one query): those still published,
    with their current titles, summaries and addresses."""
    if not recommendations:
        return recommendations
    articles = (
        Article.objects.published()
        .only(*displayed_fields(language))
        .annotate(in_language=Case(When(has_page_in(Article, language), then=True), default=False))
        .in_bulk([rec.article.pk for rec in recommendations])
    )
    fresh = []
    for rec in recommendations:
        article = articles.get(rec.article.pk)
        if article is not None:
            shown_in = language if article.in_language else settings.LANGUAGE_CODE
            fresh.append(
                replace(
                    rec,
                    article=article,
                    in_language=article.in_language,
                    url=article.url_in(shown_in),
                )
            )
    return fresh


def cache_key(user_id, language):
    # ":2": kept with their blocks since 2026-12 (what an older version kept has none).
    return f"recommendations:2:{user_id}:{language}"


def kept_keys(request):
    """For pagecache.register(kept_for_parts=...): fetched with a stored page."""
    return [cache_key(request.user.pk, get_language())] if request.user.is_authenticated else []


def forget(user_id):
    """Drop the reader's kept recommendations, in every language."""
    cache.delete_many([cache_key(user_id, code) for code, _ in settings.LANGUAGES])
