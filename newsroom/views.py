from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import pagecache
from articles.models import Article, Topic

HOME_ARTICLES = 6


@pagecache.for_readers
def home(request):
    language = get_language()
    return render(
        request,
        "home.html",
        {
            "articles": Article.objects.published_in(language)[:HOME_ARTICLES],
            "topics": Topic.objects.in_language(language),
        },
    )


def robots_txt(request):
    private = ["/admin/"]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            private.append(reverse("accounts:account"))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_POST
@staff_member_required
def admin_language(request):
    """The switch in the admin's header: the staff member's preferred language from now on."""
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(gettext("Choose English or Spanish."))
    next_url = request.POST.get("next")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    request.user.preferred_language = language
    request.user.save(update_fields=["preferred_language"])
    response = redirect(next_url)
    # The sign-in page, which knows no one yet, then speaks it too.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
