"""Query budgets of the public pages, with lazy loading forbidden (Django's FETCH_RAISE).

Pages are rendered (the page cache is off, as in every test but tests/test_pagecache.py),
so these are the budgets of a reader no cache helps: an anonymous article page in at
most 6 queries, a signed-in one in at most 12, and every page the same however many
articles, topics, favorites, answers and corrections there are.

The pages' counts are pinned as they were before articles had notes and a research stage
(issue 17): the notes come in the article's own query, the stage and the newest note's
date are columns of the article, and the "Updated since you saved it" marker comes with
the favorite button's query.
"""

import pytest
from django.core.exceptions import FieldFetchBlocked
from django.db import connection
from django.db.models import FETCH_RAISE
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Favorite, ReaderProfile, User
from articles.models import Article, ArticleNote
from articles.search import SPANS
from feedback.models import HelpfulnessVote
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_lazy_loading(monkeypatch):
    """A field or relation a page forgot to fetch raises instead of costing a query."""
    monkeypatch.setattr("django.db.models.query.DEFAULT_FETCH_MODE", FETCH_RAISE)


@pytest.fixture
def site(make_article, make_topic):
    """A site of `size` articles and topics, and a reader who saved and answered some."""

    def site(size):
        topics = [make_topic() for _ in range(size)]
        articles = [make_article(topics=topics) for _ in range(3 * size)]
        reader = User.objects.create_user(f"reader{size}@example.org", PASSWORD)
        ReaderProfile.objects.create(user=reader).interests.set(topics[:2])
        for article in articles:
            for kind in ("correction", "update", "clarification")[: 1 + size % 3]:
                ArticleNote.objects.create(article=article, kind=kind, text_en="A note.")
        for article in articles[: size + 1]:
            Favorite.objects.save_article(reader, article)
            HelpfulnessVote.objects.create(
                article=article, user=reader, helpful=True, language="en", client="test"
            )
        client = Client()
        client.force_login(reader)
        return articles[0], topics[0], client

    return site


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_lazy_loading_raises_in_these_tests(make_article):
    make_article()
    with pytest.raises(FieldFetchBlocked):
        Article.objects.only("pk").get().title_en  # noqa: B018


# On PostgreSQL search reads the newest matches a span of weeks at a time: how the
# matches spread over time (not how many articles there are) sets how many spans it
# reads, at most SPANS and then one for all older matches. SQLite reads them in one.
SEARCH_SPANS = SPANS + 1 if connection.vendor == "postgresql" else 1


def all_but_search(counts):
    return {name: number for name, number in counts.items() if name != "search"}


def pages(article, topic):
    return {
        "home": "/en/",
        "news list": "/es/noticias/",
        "topic": topic.url_in("es"),
        "article": article.url_in("en"),
        "search": "/en/search/?q=study",
        "feed": "/es/feed/",
        "sitemap": "/sitemap.xml",
        "corrections": "/es/correcciones/",
    }


# As measured before issue 17 (main at ba47f7c); the corrections page is new. Search is
# bounded above (SEARCH_SPANS).
ANONYMOUS = {"home": 5, "news list": 4, "topic": 5, "article": 4, "feed": 2}
SIGNED_IN = {"home": 7, "news list": 6, "topic": 7, "article": 11, "feed": 2}


def test_anonymous_pages_stay_within_budget_whatever_the_size(site):
    counts = {}
    for size in (2, 12):
        article, topic, _reader = site(size)
        counts[size] = {name: count(Client(), url) for name, url in pages(article, topic).items()}
    assert all_but_search(counts[2]) == all_but_search(counts[12])
    assert counts[2]["article"] <= 6
    assert max(counts[2]["search"], counts[12]["search"]) <= 4 + SEARCH_SPANS
    assert {name: counts[2][name] for name in ANONYMOUS} == ANONYMOUS


def test_signed_in_pages_stay_within_budget_whatever_the_size(site):
    counts = {}
    for size in (2, 12):
        article, topic, reader = site(size)
        urls = pages(article, topic) | {
            "favorites": "/en/accounts/favorites/",
            "recommendations": "/es/cuenta/recomendaciones/",
        }
        counts[size] = {name: count(reader, url) for name, url in urls.items()}
    assert all_but_search(counts[2]) == all_but_search(counts[12])
    assert counts[2]["article"] <= 12
    assert max(counts[2]["search"], counts[12]["search"]) <= 6 + SEARCH_SPANS
    assert {name: counts[2][name] for name in SIGNED_IN} == SIGNED_IN
    assert counts[2]["favorites"] <= 5
