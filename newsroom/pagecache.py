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

Signed-in readers (and anyone with a session) get the stored page too, with the parts
that are theirs rendered for them: the account links, the favorite button, their answer
to "Was this article helpful?", their recommendations. Templates mark those parts with
personal(); each is rendered by a function registered with @fragment, which is all a
stored page needs to be made someone's own.
"""

import json
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

STATE_KEY = "pagecache:state"
# A page is kept at most this long even when nothing changes (seconds).
PAGE_TIMEOUT = 600
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = r"\1__csrf_token__\2"
PERSONAL = re.compile(
    r"<!--personal (?P<name>[\w-]+) (?P<args>\{.*?\})-->.*?<!--/personal-->", re.S
)
FRAGMENTS = {}


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


def content_version(request):
    """The version of the site's content, for caches of other things that show it."""
    if not hasattr(request, "pagecache_state"):
        request.pagecache_state = current_state(cache.get(STATE_KEY))
    return request.pagecache_state["version"]


def invalidate(**kwargs):
    """Connected to content models' save and delete signals (see NewsroomConfig)."""
    cache.delete(STATE_KEY)


def fragment(name):
    """Register `render(request, **args) -> HTML`, a part of pages that is the reader's own."""

    def register(render):
        FRAGMENTS[name] = render
        return render

    return register


def personal(request, name, **args):
    """The fragment `name` for this request's reader, marked as theirs in the page."""
    # JSON with no "-" in it can never end the HTML comment it is kept in.
    data = json.dumps(args, separators=(",", ":")).replace("-", "\\u002d")
    html = FRAGMENTS[name](request, **args)
    return mark_safe(f"<!--personal {name} {data}-->{html}<!--/personal-->")


def render_fragment(template_name, context, request):
    """A fragment's template, with just what fragments use from the request.

    No context processors: a stored page made someone's own renders several fragments,
    and running every processor for each would cost more than the fragments do.
    """
    context = context | {
        "request": request,
        "user": request.user,
        "csrf_token": SimpleLazyObject(lambda: csrf_token(request)),
    }
    return get_template(template_name).render(context)


def csrf_token(request):
    """One CSRF token for all the forms of a response (each token costs 32 random bytes)."""
    if not hasattr(request, "pagecache_csrf_token"):
        request.pagecache_csrf_token = get_token(request)
    return request.pagecache_csrf_token


def make_personal(request, content):
    """A stored page with every marked part rendered for this request's reader."""
    return PERSONAL.sub(
        lambda part: personal(request, part["name"], **json.loads(part["args"])), content
    )


class PageCacheMiddleware:
    """Answer with the stored page, when there is one, made the reader's own.

    Comes after the CSRF and clickjacking middleware (their headers and cookie still go
    out) and the authentication middleware (the reader's own parts need the reader), and
    before URL resolution and everything else a page costs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if servable_request(request):
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


def servable_request(request):
    """A plain GET with no message waiting to be shown."""
    return settings.PAGE_CACHE and request.method == "GET" and "messages" not in request.COOKIES


def cacheable_request(request):
    """A request whose page is everyone's: no session, so not signed in."""
    return servable_request(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


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
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        content = make_personal(request, content)
    if "__csrf_token__" in content:
        content = content.replace("__csrf_token__", csrf_token(request))
    return HttpResponse(content, content_type=page["content_type"])
