from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

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
