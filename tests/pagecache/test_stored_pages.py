"""Whole pages stored once and served to every reader (pagecache/__init__.py)."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone, translation

from accounts.models import Favorite, User
from articles.models import Article, Page, Promo
from pagecache import AnonymousPageMiddleware
from tests.helpers import PASSWORD

# Stored pages are thrown away when an editor's change is committed.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache_on")]


def test_a_cached_page_costs_one_query(client, make_article, django_assert_num_queries):
    article = make_article()
    url = f"/es/noticias/{article.slug_es}/"
    first = client.get(url)
    with django_assert_num_queries(1):
        again = Client().get(url)
    assert again.status_code == 200
    assert without_tokens(again.text) == without_tokens(first.text)


def test_pages_are_cached_per_language(make_article):
    article = make_article()
    english = Client().get(f"/en/news/{article.slug_en}/")
    spanish = Client().get(f"/es/noticias/{article.slug_es}/")
    assert article.title_en in Client().get(f"/en/news/{article.slug_en}/").text
    assert article.title_es in Client().get(f"/es/noticias/{article.slug_es}/").text
    assert english.text != spanish.text


def test_publishing_shows_at_once(make_article):
    shown = make_article()
    assert shown.title_en in Client().get("/en/news/").text
    draft = make_article(status=Article.Status.DRAFT)
    assert draft.title_en not in Client().get("/en/news/").text
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert draft.title_en in Client().get("/en/news/").text


def test_editing_shows_at_once(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)
    article.title_en = "A corrected headline"
    article.save()
    assert "A corrected headline" in Client().get(url).text


def test_unpublishing_removes_the_page_at_once(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    assert Client().get(url).status_code == 200
    article.status = Article.Status.ARCHIVED
    article.save()
    assert Client().get(url).status_code == 404


def test_a_scheduled_article_appears_at_its_time_without_any_write(make_article, time_machine):
    make_article()
    scheduled = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert scheduled.title_en not in Client().get("/en/news/").text
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert scheduled.title_en in Client().get("/en/news/").text


def test_a_promo_ends_at_its_time_without_any_write(make_article, time_machine):
    article = make_article()
    Promo.objects.create(
        slot=Promo.Slot.ARTICLE_END, campaign="spring", headline_en="Give this spring",
        text_en="Please give.", link_text_en="Donate", url_en="https://example.org/donate",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(minutes=5),
    )  # fmt: skip
    url = f"/en/news/{article.slug_en}/"
    assert "Give this spring" in Client().get(url).text
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert "Give this spring" not in Client().get(url).text


def test_the_footer_and_the_promo_are_read_once_until_the_content_changes(
    client, reader, make_article
):
    """What every page shows alike is not asked of the database again for each page a
    signed-in reader has rendered afresh, and a change shows at once."""
    first, second, third = make_article(), make_article(), make_article()
    promo = Promo.objects.create(
        slot=Promo.Slot.ARTICLE_END, campaign="spring", headline_en="Give this spring",
        text_en="Please give.", link_text_en="Donate", url_en="https://example.org/donate",
        starts_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    Page.objects.create(
        title_en="About us", slug_en="about-us", body_en="Who we are.",
        status=Page.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    client.get(first.url_in("en"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(second.url_in("en")).text
    assert "Give this spring" in page and "About us" in page
    tables = " ".join(query["sql"] for query in queries)
    assert "articles_promo" not in tables and "articles_page" not in tables
    promo.headline_en = "Give this summer"
    promo.save()
    Page.objects.create(
        title_en="Our editorial policy", slug_en="policy", body_en="How we write.",
        status=Page.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    page = client.get(third.url_in("en")).text
    assert "Give this summer" in page and "Our editorial policy" in page


def test_signed_in_readers_get_the_cached_page_with_their_own_parts(client, reader, make_article):
    article, other, third = make_article(), make_article(), make_article()
    url = f"/en/news/{article.slug_en}/"
    anonymous = Client().get(url).text
    saver, other_reader = client, Client()
    other_reader.force_login(User.objects.create_user("other@example.org", PASSWORD))
    saver.post(f"{url}favorite/", {"action": "save"})
    saver.post(f"{url}feedback/", {"helpful": "no"})
    Favorite.objects.save_article(User.objects.get(email="other@example.org"), other)

    page = saver.get(url).text
    assert 'aria-pressed="true"' in page  # saved
    assert 'value="no" aria-pressed="true"' in page  # their answer
    assert "Sign out" in page and "Sign in to receive recommendations" not in page
    assert "Sign out" not in anonymous and "Sign in to receive recommendations" in anonymous

    page = other_reader.get(url).text
    assert '<button type="submit" class="button button--secondary" aria-pressed="false">' in page
    assert 'value="no" aria-pressed="true"' not in page
    assert "Recommended for you" in page and third.title_en in page


def test_a_cached_page_for_a_signed_in_reader_costs_only_their_own_parts(
    client, reader, make_article, django_assert_num_queries
):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)
    client.get(url)  # their favorites, answers and recommendations are read once, then kept
    # Session, reader, the stored page with their favorites, answers and recommendations.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


def test_a_readers_kept_favorites_and_answers_follow_what_they_do(client, reader, make_article):
    article, other = make_article(), make_article()
    url, other_url = article.url_in("en"), other.url_in("en")
    for page in (url, other_url):
        Client().get(page)  # stored
        client.get(page)  # their favorites and answers kept
    client.post(f"/en/news/{article.slug_en}/favorite/", {"action": "save"})
    client.post(f"/en/news/{article.slug_en}/feedback/", {"helpful": "no"})
    page = client.get(url).text
    assert 'class="button" aria-pressed="true"' in page  # saved
    assert 'value="no" aria-pressed="true"' in page
    assert "What was missing or unclear?" in page
    assert 'value="no" aria-pressed="true"' not in client.get(other_url).text
    client.post(f"/en/news/{article.slug_en}/favorite/", {"action": "remove"})
    assert 'class="button button--secondary" aria-pressed="false"' in client.get(url).text


def test_answers_given_before_signing_in_show_once_signed_in(make_article):
    article = make_article()
    url = article.url_in("en")
    Client().get(url)  # stored
    reader = User.objects.create_user("later@example.org", PASSWORD)
    browser = Client()
    browser.force_login(reader)
    browser.get(url)  # their (no) answers kept
    browser.post("/en/accounts/sign-out/")
    browser.post(f"/en/news/{article.slug_en}/feedback/", {"helpful": "yes"})
    browser.post("/en/accounts/sign-in/", {"username": reader.email, "password": PASSWORD})
    assert browser.get(url).wsgi_request.user == reader
    assert 'value="yes" aria-pressed="true"' in browser.get(url).text


def test_saving_a_favorite_ranks_the_readers_recommendations_anew(client, reader, make_article):
    first, second = make_article(), make_article()
    url = f"/en/news/{first.slug_en}/"
    assert second.title_en in client.get(url).text  # recommended: new and popular
    client.post(f"/en/news/{second.slug_en}/favorite/", {"action": "save"})
    assert second.title_en not in client.get(url).text  # saved: no longer recommended


def test_a_readers_recommendations_are_rendered_once_for_the_pages_they_read_next(
    client, reader, make_article
):
    articles = [make_article() for _ in range(8)]  # new and popular: the newest first
    reading, others = articles[-1], articles[-3:-1]
    block = "recommendations/recommendations_block.html"
    assert block in rendered_templates(client.get(reading.url_in("en")))  # ranked, rendered
    for article in others:  # pages none of the block's articles is on: the same block
        page = client.get(article.url_in("en"))
        assert block not in rendered_templates(page)
        assert articles[0].title_en in page.text
    spanish = client.get(reading.url_in("es"))  # kept per language
    assert block in rendered_templates(spanish)
    assert articles[0].title_es in spanish.text and articles[0].title_en not in spanish.text


def test_a_kept_block_never_shows_the_article_being_read(client, reader, make_article):
    articles = [make_article() for _ in range(8)]
    client.get(articles[-1].url_in("en"))  # ranked and kept: the five newest
    for article in articles[:6]:
        page = client.get(article.url_in("en")).text
        shown = re.findall(r'class="recommendation__title"[^>]*>(.*?)</a>', page)
        assert article.title_en not in shown
        assert len(shown) == 5


def rendered_templates(response):
    return [template.name for template in response.templates]


def test_a_change_of_content_drops_what_it_unpublished_without_ranking_anew(
    client, reader, make_article
):
    reading, retracted, kept = make_article(), make_article(), make_article()
    url = reading.url_in("en")
    page = client.get(url).text  # ranked: new and popular
    assert retracted.title_en in page and kept.title_en in page
    retracted.status = Article.Status.DRAFT
    retracted.save()  # every stored page and the content version go
    kept.title_en = "A title edited since"
    kept.save()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).text
    assert retracted.title_en not in page
    assert "A title edited since" in page
    ranking = [query for query in queries if "accounts_readerprofile" in query["sql"]]
    assert not ranking


def test_previews_are_never_cached(make_article, admin_user):
    """Not even when the editor's request carries no session cookie (signed in some other
    way), which alone would not keep it out of the cache: a reader who then asks for the
    preview's address must get a 404, never the stored draft."""
    article = make_article(status=Article.Status.DRAFT)
    url = f"/en/news/{article.slug_en}/preview/"
    request = RequestFactory().get(url)
    request.user, request.session = admin_user, SessionStore()
    with translation.override("en"):
        view = resolve(url)
        preview = AnonymousPageMiddleware(lambda request: view.func(request, **view.kwargs))(
            request
        )
    assert article.title_en in preview.text  # the editor saw the draft
    assert not any(key.startswith("pagecache:page:") for key in cached_keys())
    assert Client().get(url).status_code == 404


def test_each_reader_gets_their_own_csrf_token_on_a_cached_page(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    first, second = Client(), Client()
    first_page, second_page = first.get(url), second.get(url)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first_tokens, second_tokens = token.findall(first_page.text), token.findall(second_page.text)
    assert first_tokens and second_tokens
    assert set(first_tokens).isdisjoint(second_tokens)
    assert "__csrf_token__" not in second_page.text
    assert second.cookies["csrftoken"].value


def test_a_reader_served_from_the_cache_can_vote_with_csrf_checks_on(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)  # cached by someone else
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = reader.post(
        f"/en/news/{article.slug_en}/feedback/", {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert article.helpfulness_votes.count() == 1


def test_a_reader_with_a_session_sees_their_own_vote(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)
    reader = Client()
    reader.post(f"/en/news/{article.slug_en}/feedback/", {"helpful": "no"})
    assert 'value="no" aria-pressed="true"' in reader.get(url).text


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def cached_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM newsroom_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]


def test_a_stored_page_carries_the_headers_every_page_carries(make_article):
    article = make_article()
    url = f"/es/noticias/{article.slug_es}/"
    rendered = Client().get(url)
    stored = Client().get(url)
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
        "Content-Type",
    ):
        assert stored[header] == rendered[header], header
    assert stored["Content-Language"] == "es"
    assert stored.cookies["csrftoken"].value != rendered.cookies["csrftoken"].value
