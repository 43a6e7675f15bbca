"""Middleware that guards every request before the site looks at it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from .clients import client_ip


class BodyLimitMiddleware:
    """Refuse a body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

    Django's own limit does not count the file parts of a multipart body, which are
    spooled to disk before any view (or the CSRF check) can refuse them. A body without a
    length (chunked) is refused too: Django would read it as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return refuse(request, 411)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return refuse(request, 413)
        return self.get_response(request)


def refuse(request, status):
    """The "could not be understood" page, in the language of the address asked for."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = render(request, "400.html", status=status)
    # Whatever the client still sends is not read: end the connection with the answer.
    response["Connection"] = "close"
    return response


class SiteOriginMiddleware:
    """Without debug, the request names the site's origin (SITE_URL), whatever it said.

    Stored pages are everyone's, and mail goes to anyone: an absolute URL must never carry
    a Host, port or X-Forwarded-Proto a request made up. Pinning the request's scheme and
    host here makes every absolute URL Django builds (build_absolute_uri, feeds, sitemaps,
    the password-reset mail) and every template that says `request.get_host` name the
    site. The Host is still checked against ALLOWED_HOSTS first (a 400 otherwise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG and settings.SITE_URL:
            request.get_host()
            site = urlsplit(settings.SITE_URL)
            request.META["HTTP_HOST"] = site.netloc
            request.META.pop("HTTP_X_FORWARDED_HOST", None)
            request.META["wsgi.url_scheme"] = site.scheme
            if settings.SECURE_PROXY_SSL_HEADER:
                header, secure_value = settings.SECURE_PROXY_SSL_HEADER
                request.META[header] = secure_value if site.scheme == "https" else site.scheme
        return self.get_response(request)


class ClientAddressMiddleware:
    """Set `request.client_ip`: the reader's address, read past the trusted proxies.

    The apps that limit or count readers by address (promo clicks, helpfulness votes,
    mail throttles) read it from the request, so none of them imports the project's
    package, which imports them (newsroom.apps, urls): only the site knows its proxies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_ip = client_ip(request)
        return self.get_response(request)
