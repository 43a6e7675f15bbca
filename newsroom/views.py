from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from articles.models import Topic
from articles.views import public_articles

HOME_ARTICLES = 6


def home(request):
    language = get_language()
    return render(
        request,
        "home.html",
        {
            "articles": public_articles(language)[:HOME_ARTICLES],
            "topics": Topic.objects.in_language(language),
        },
    )


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
