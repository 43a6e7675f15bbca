"""Whole pages, stored once and served to every reader, with the parts that are theirs.

The whole mechanism is in this module; it knows nothing of what the pages show. The apps
that own content tell it, with register() (called in one place, newsroom/apps.py):
which models' saves and deletes make stored pages out of date, when their content next
changes by itself (a "publish at" time), and how to render the parts of a page that are a
reader's own (the favorite button, their answer to a question, their account links).

Versions. Every stored page carries the version of the content it was rendered from.
Saving or deleting registered content throws the version away once the transaction has
committed, so the next request of every worker on every server renders afresh (a request
in between renders, and stores, what is still the committed content). A version also
ends at the next scheduled change, so scheduled content needs no job.

Serving. AnonymousPageMiddleware, right after WhiteNoise, answers readers without a
session with the stored page, headers included, in one cache round trip, as early as a
stock cache middleware would. PersonalPageMiddleware, after authentication, answers
readers with a session with the stored page made their own (what their parts keep in
the cache comes in the same round trip as the page). Views opt in to being stored
with @for_readers, naming the query parameters they read: any other parameter is served
the same page, and keys are hashed to a fixed length.

Holes. A stored page is text with holes kept beside it, never markers in it, so nothing
in the content can forge one: the CSRF token fields (each reader gets a fresh token, and
its cookie) and the reader's own parts (rendered for a reader with a session; a reader
without one gets the part as it was rendered when the page was stored).

Shared caches in front. A stored page says `Vary: Cookie`; one without a token field may be
kept by a shared cache for SHARED_MAX_AGE seconds, one with a token field is `private`.
Pages rendered for a reader with a session are `private`, and any other response that
depends on the session says `private, no-store` unless its view said otherwise.
"""

import hashlib
import re
import secrets
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import (
    CsrfViewMiddleware,
    InvalidTokenFormat,
    _check_token_format,
    _does_token_match,
    get_token,
)
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import has_vary_header, patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

STATE_KEY = "pagecache:state"
# A page is kept at most this long even when nothing changes (seconds).
PAGE_TIMEOUT = 600
# How long a shared cache in front (a CDN) may keep a page without a form: a publish
# reaches readers behind it at most this late (docs/page-cache.md).
SHARED_MAX_AGE = 60
TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
# Headers every response gets anew, never from a stored page.
UNSTORED_HEADERS = {"content-length", "set-cookie"}

PARTS = {}  # name -> render(request, **args) -> HTML
NEXT_CHANGES = []  # functions -> the next moment content changes by itself, or None
KEPT_FOR_PARTS = []  # functions (request) -> cache keys parts read, fetched with the page
QUERY_PARAMETERS = set()  # every query parameter some stored page reads
# Parts rendered once per variant in this process, as token chunks (render_fragment()):
# enough for the favorite buttons of thousands of articles in both languages.
RENDERED = {}
RENDERED_KEPT = 10_000


def register(*, invalidated_by=(), next_change=None, parts=None, kept_for_parts=()):
    """What an app tells the page cache about its content (see the module's docstring).

    `invalidated_by`: models whose save or delete changes pages (an automatic many-to-many
    table: whose changes do). `next_change()`: when saved content next appears or
    disappears by itself. `parts`: {name: render(request, **args)} for personal().
    `kept_for_parts`: functions (request) -> the cache keys the parts will read for this
    reader, fetched in the same round trip as a stored page (parts read them with kept()).
    """
    for model in invalidated_by:
        uid = f"pagecache-{model._meta.label}"
        if model._meta.auto_created:
            m2m_changed.connect(invalidate, sender=model, dispatch_uid=uid)
        else:
            post_save.connect(invalidate, sender=model, dispatch_uid=uid)
            post_delete.connect(invalidate, sender=model, dispatch_uid=uid)
    if next_change is not None:
        NEXT_CHANGES.append(next_change)
    PARTS.update(parts or {})
    KEPT_FOR_PARTS.extend(kept_for_parts)


def invalidate(using=None, **kwargs):
    """Throw the version away once the change is committed (other processes act on it)."""
    transaction.on_commit(lambda: cache.delete(STATE_KEY), using=using)


def current_state(state):
    """The content version, made anew when it was thrown away or has run out."""
    if state is not None and time.time() < state["until"]:
        return state
    moments = [moment for change in NEXT_CHANGES if (moment := change())]
    state = {
        "version": uuid.uuid4().hex,
        "until": min(moments).timestamp() if moments else time.time() + PAGE_TIMEOUT,
    }
    cache.set(STATE_KEY, state, timeout=None)
    return state


def content_version(request):
    """The version of the site's content, for caches of other things that show it.

    None where the page cache is not in use (no middleware looked at this request).
    """
    state = getattr(request, "pagecache_state", None)
    return state and state["version"]


# What every page shows alike until the content changes, kept in this process for the
# content version it was read in: {version: {key: value}} (for_this_version()).
SHARED = {}


def for_this_version(request, key, compute):
    """compute(), kept in this process until the content version changes: for what every
    page shows alike (the footer's links, the running promo), so that a page rendered
    afresh does not ask the database for it again. Computed each time where the page
    cache is not in use (`request` None or not seen by the middleware).

    Kept under the version the request holds: whatever the threads do, a request never
    gets a value read before its version began (before the change that made it).
    """
    version = content_version(request)
    if version is None:
        return compute()
    values = SHARED.get(version)
    if values is None:
        SHARED.clear()  # an older version's values are not asked for again
        values = SHARED.setdefault(version, {})
    if key not in values:
        values[key] = compute()
    return values[key]


def page_key(request, parameters=None):
    """The stored page's key: the path and the query parameters pages read, hashed."""
    parameters = QUERY_PARAMETERS if parameters is None else parameters
    query = sorted((k, v) for k, values in request.GET.lists() if k in parameters for v in values)
    address = f"{request.path}?{urlencode(query)}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def personal(request, name, **args):
    """The part `name` for this request's reader, its place noted if the page is stored."""
    html = PARTS[name](request, **args)
    nonce = getattr(request, "pagecache_nonce", None)
    if nonce is None:
        return html
    # The nonce is new for each rendering: content cannot know it, so cannot forge a part.
    request.pagecache_parts.append((name, args))
    index = len(request.pagecache_parts) - 1
    return mark_safe(f"<!--{nonce} {index}-->{html}<!--{nonce}-->")


def render_fragment(template_name, context, request, variant=None):
    """A part's template, with just what parts use from the request.

    No context processors: a stored page made someone's own renders several parts, and
    running every processor for each would cost more than the parts do.

    `variant`: everything the part's HTML depends on but the CSRF token and the language
    (a tuple of plain values), when the part can say so. The template is then rendered
    once per process for each variant, and each reader gets it with their own token:
    templates are most of what a stored page costs a reader with a session, and readers
    share a few variants (signed in; saved or not; answered yes, no or not at all).
    """
    key = variant and (template_name, translation.get_language(), variant)
    chunks = RENDERED.get(key) if key else None
    if chunks is not None:
        return mark_safe(chunks[0] if len(chunks) == 1 else csrf_token(request).join(chunks))
    context = context | {
        "request": request,
        "user": request.user,
        "csrf_token": SimpleLazyObject(lambda: csrf_token(request)),
    }
    html = get_template(template_name).render(context)
    if key:
        chunks = token_chunks(request, html)
        # Kept only when every token field holds this reader's token, which is replaced:
        # one reader's token must never reach another.
        if len(TOKEN_FIELD.findall(html)) == len(chunks) - 1:
            if len(RENDERED) >= RENDERED_KEPT:
                RENDERED.clear()
            RENDERED[key] = chunks
    return html


def csrf_token(request):
    """One CSRF token for all the forms of a response (each token costs 32 random bytes)."""
    if not hasattr(request, "pagecache_csrf_token"):
        request.pagecache_csrf_token = get_token(request)
    return request.pagecache_csrf_token


def for_readers(view=None, *, query=()):
    """Store the view's pages; `query`: the query parameters the view reads.

    `@for_readers` or `@for_readers(query=["page"])`.
    """
    if view is None:
        return lambda view: for_readers(view, query=query)
    QUERY_PARAMETERS.update(query)

    @wraps(view)
    def stored_view(request, *args, **kwargs):
        key = getattr(request, "pagecache_key", None)
        personal = settings.SESSION_COOKIE_NAME in request.COOKIES
        if personal or key is None or key != page_key(request, query):
            response = view(request, *args, **kwargs)
            if personal:
                patch_cache_control(response, private=True)
            return response
        nonce = request.pagecache_nonce = secrets.token_hex(16)
        request.pagecache_parts = []
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
        finally:
            del request.pagecache_nonce  # an error page rendered later is not stored
        if not response.streaming:
            pieces = take_apart(request, nonce, response.content.decode())
            token = csrf_token(request) if has_token_field(pieces) else ""
            response.content = put_together(pieces, token)
            if response.status_code == 200:
                response.pagecache_pieces = pieces
        return response

    return stored_view


def take_apart(request, nonce, html):
    """The page as [text, part, text, part, …, text], each text as the chunks between
    token values; a part as (name, args, chunks of its rendering without a session)."""
    marker = re.compile(rf"<!--{nonce} (\d+)-->(.*?)<!--{nonce}-->", re.S)
    pieces, start = [], 0
    for part in marker.finditer(html):
        pieces.append(token_chunks(request, html[start : part.start()]))
        name, args = request.pagecache_parts[int(part[1])]
        pieces.append((name, args, token_chunks(request, part[2])))
        start = part.end()
    pieces.append(token_chunks(request, html[start:]))
    return pieces


def token_chunks(request, html):
    """`html` cut where this request's CSRF token is the value of a token field.

    Only a value that is this reader's token counts: text that merely looks like a
    token field, or a placeholder, stays as written.
    """
    secret = request.META.get("CSRF_COOKIE")
    chunks, start = [], 0
    for field in TOKEN_FIELD.finditer(html):
        if secret and is_token_for(field[1], secret):
            chunks.append(html[start : field.start(1)])
            start = field.end(1)
    chunks.append(html[start:])
    return chunks


def is_token_for(value, secret):
    # Django's own checks of a submitted token, private but unchanged since Django 4.0.
    try:
        _check_token_format(value)
    except InvalidTokenFormat:
        return False
    return _does_token_match(value, secret)


def put_together(pieces, token, render_part=None):
    """The page with `token` in every token field; each part rendered by `render_part`
    (name, args) -> HTML, or as stored."""
    html = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            html.append(token.join(piece))
        else:
            name, args, chunks = piece
            rendered = render_part(name, args) if render_part else None
            html.append(token.join(chunks) if rendered is None else rendered)
    return "".join(html)


def has_token_field(pieces):
    return any(len(piece if index % 2 == 0 else piece[2]) > 1 for index, piece in enumerate(pieces))


def make_personal(request, page):
    """A stored page with every part rendered for this request's reader.

    Cannot fail on a stored page: parts are only those rendered when it was stored, and
    one whose renderer is gone (an older deployment's) is served as it was stored.
    """

    def render_part(name, args):
        render = PARTS.get(name)
        return None if render is None else render(request, **args)

    return put_together(page["pieces"], csrf_token(request), render_part)


def servable_request(request):
    """A plain GET with no message waiting to be shown."""
    return request.method == "GET" and "messages" not in request.COOKIES


def store(request, response):
    """Keep the page the view marked as storable, if it is everyone's, with its headers."""
    pieces = getattr(response, "pagecache_pieces", None)
    if pieces is None or not cacheable_response(request, response):
        return False
    say_what_caches_may_do(response, pieces)
    # The headers as they will go out, so that serving the page costs no work on them.
    page = {
        "version": request.pagecache_state["version"],
        "pieces": pieces,
        "token": has_token_field(pieces),
        "headers": [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in UNSTORED_HEADERS
        ],
    }
    timeout = max(1, min(PAGE_TIMEOUT, int(request.pagecache_state["until"] - time.time())))
    cache.set(request.pagecache_key, page, timeout)
    return True


def cacheable_response(request, response):
    """A page that is the same for every reader without a session: nothing was put in one.

    The CSRF cookie is the reader's own and is set anew for each reader served.
    """
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies.keys() - {settings.CSRF_COOKIE_NAME}
        and not request.session.modified
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def stored_response(page, content, personal=False):
    response = HttpResponse(content, headers=page["headers"])
    if personal:
        response.headers["Cache-Control"] = "private"
    return response


def say_what_caches_may_do(response, pieces):
    """A page for readers without a session: which differ from readers with one (Vary),
    and, without a token field (the reader's own), may be kept by a shared cache."""
    patch_vary_headers(response, ["Cookie"])
    if has_token_field(pieces):
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
    return response


def lookup(request, personal=False):
    """The stored page for this request, if it is of the current version (one round trip).

    For a reader with a session, what their parts will read from the cache comes with it.
    """
    request.pagecache_key = page_key(request)
    keys = [STATE_KEY, request.pagecache_key]
    if personal:
        request.pagecache_kept = {key: None for keys in KEPT_FOR_PARTS for key in keys(request)}
        keys += request.pagecache_kept
    found = cache.get_many(keys)
    if personal:
        request.pagecache_kept.update((key, found.get(key)) for key in request.pagecache_kept)
    request.pagecache_state = current_state(found.get(STATE_KEY))
    page = found.get(request.pagecache_key)
    if page and page["version"] == request.pagecache_state["version"]:
        return page
    return None


class AnonymousPageMiddleware:
    """Answer a reader without a session with the stored page; store the pages they get.

    Right after WhiteNoise: a stored page costs one cache round trip and a fresh CSRF
    token (with its cookie) when it has a form. The security and CSP headers are added
    by the middleware before this one, the rest come stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not servable_request(request) or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return private_unless_said(self.get_response(request))
        page = lookup(request)
        if page is None:
            response = self.get_response(request)
            if store(request, response):
                return response
            return private_unless_said(response)
        if not page["token"]:
            return stored_response(page, put_together(page["pieces"], ""))
        self.csrf.process_request(request)
        response = stored_response(page, put_together(page["pieces"], csrf_token(request)))
        return self.csrf.process_response(request, response)


class PersonalPageMiddleware:
    """Answer a reader with a session with the stored page, made their own.

    After the authentication middleware (the parts need the reader) and before URL
    resolution and everything else a page costs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if servable_request(request) and settings.SESSION_COOKIE_NAME in request.COOKIES:
            page = lookup(request, personal=True)
            if page is not None:
                return stored_response(page, make_personal(request, page), personal=True)
        return self.get_response(request)


def kept(request, key, compute, timeout):
    """What a part keeps in the cache for this reader under `key`: fetched with the stored
    page (lookup()), else computed by compute() and kept for `timeout` seconds. Where the
    page cache was not asked (no middleware), computed each time."""
    fetched = getattr(request, "pagecache_kept", {})
    if key not in fetched:
        return compute()
    if fetched[key] is None:
        fetched[key] = compute()
        cache.set(key, fetched[key], timeout)
    return fetched[key]


def private_unless_said(response):
    """A response that depends on the session is no shared cache's to keep, nor to store."""
    if not response.has_header("Cache-Control") and has_vary_header(response, "Cookie"):
        patch_cache_control(response, private=True, no_store=True)
    return response
