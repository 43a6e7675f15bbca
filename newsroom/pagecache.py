"""Whole pages for readers who are not signed in, cached per address (so per language).

Every cached page carries the version of the content it was rendered from. Saving or
deleting content (articles, topics, pages, promos) throws the version away, so the next
request of every worker on every server renders afresh: there is no stale page after a
publish. Scheduled content needs no job either: a version also ends at the next moment
something is due to appear or disappear (a "publish at" time, a promo's start or end).

PageCacheMiddleware serves stored pages before URL resolution and the middleware that
only signed-in readers need; views opt in to being stored with @for_readers. A hit
costs one cache round trip: the version and the page are read together.

Forms on cached pages still work: the CSRF token is taken out before a page is stored
and a fresh one, for the reader at hand, is put back when it is served.
"""

import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

STATE_KEY = "pagecache:state"
# A page is kept at most this long even when nothing changes (seconds).
PAGE_TIMEOUT = 600
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = r"\1__csrf_token__\2"


def next_scheduled_change():
    """When content that is already saved next appears or disappears by itself."""
    from articles.models import Article, Page, Promo

    now = timezone.now()
    moments = [
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .aggregate(at=Min("published_at"))["at"],
        Page.objects.filter(status=Page.Status.PUBLISHED, published_at__gt=now)
        .aggregate(at=Min("published_at"))["at"],
        Promo.objects.filter(starts_at__gt=now).aggregate(at=Min("starts_at"))["at"],
        Promo.objects.filter(ends_at__gt=now).aggregate(at=Min("ends_at"))["at"],
    ]  # fmt: skip
    return min((moment for moment in moments if moment), default=None)


def current_state(state):
    """The content version, made anew when it was thrown away or has run out."""
    if state is not None and time.time() < state["until"]:
        return state
    change = next_scheduled_change()
    state = {
        "version": uuid.uuid4().hex,
        "until": change.timestamp() if change else time.time() + PAGE_TIMEOUT,
    }
    cache.set(STATE_KEY, state, timeout=None)
    return state


def invalidate(**kwargs):
    """Connected to content models' save and delete signals (see NewsroomConfig)."""
    cache.delete(STATE_KEY)


class PageCacheMiddleware:
    """Answer readers who are not signed in with the stored page, when there is one.

    Comes after the CSRF and clickjacking middleware (their headers and cookie still go
    out) and before everything that is only for signed-in readers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cacheable_request(request):
            key = page_key(request)
            found = cache.get_many([STATE_KEY, key])
            request.pagecache_state = current_state(found.get(STATE_KEY))
            page = found.get(key)
            if page and page["version"] == request.pagecache_state["version"]:
                return serve(request, page)
        return self.get_response(request)


def for_readers(view):
    """Store the view's pages for readers who are not signed in (PageCacheMiddleware)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        state = getattr(request, "pagecache_state", None)
        if state is None or not cacheable_request(request):
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        if cacheable_response(request, response):
            page = {
                "version": state["version"],
                "content": TOKEN.sub(TOKEN_PLACEHOLDER, response.content.decode()),
                "content_type": response["Content-Type"],
            }
            timeout = max(1, min(PAGE_TIMEOUT, int(state["until"] - time.time())))
            cache.set(page_key(request), page, timeout)
        return response

    return cached_view


def page_key(request):
    return f"pagecache:page:{request.get_full_path()}"


def cacheable_request(request):
    """A plain GET from a reader with no session (so not signed in) and no pending message."""
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)
    )


def cacheable_response(request, response):
    """A page that is the same for every reader without a session: nothing was put in one."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def serve(request, page):
    content = page["content"]
    if "__csrf_token__" in content:
        content = content.replace("__csrf_token__", get_token(request))
    return HttpResponse(content, content_type=page["content_type"])
