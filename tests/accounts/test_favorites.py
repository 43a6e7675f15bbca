import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Favorite, User
from articles.models import Article
from tests.helpers import PASSWORD, visible_text

pytestmark = pytest.mark.django_db


def favorite_url(article, language="en"):
    if language == "es":
        return f"/es/noticias/{article.slug_es}/favorito/"
    return f"/en/news/{article.slug_en}/favorite/"


def test_saving_returns_to_the_article_showing_it_saved(client, reader, make_article):
    article = make_article()
    response = client.post(favorite_url(article), {"action": "save"}, follow=True)
    assert response.redirect_chain == [(f"/en/news/{article.slug_en}/#favorite", 302)]
    assert Favorite.objects.filter(user=reader, article=article).exists()
    assert 'aria-pressed="true"' in response.text
    text = visible_text(response.text, "en")
    assert "Saved · Remove from favorites" in text


def test_saving_twice_leaves_the_article_saved(client, reader, make_article):
    article = make_article()
    client.post(favorite_url(article), {"action": "save"})
    client.post(favorite_url(article), {"action": "save"})
    assert Favorite.objects.filter(user=reader, article=article).count() == 1


def test_removing_twice_leaves_it_removed(client, reader, make_article):
    article = make_article()
    Favorite.objects.save_article(reader, article)
    client.post(favorite_url(article), {"action": "remove"})
    response = client.post(favorite_url(article), {"action": "remove"}, follow=True)
    assert not Favorite.objects.exists()
    assert 'aria-pressed="false"' in response.text


def test_spanish_article_saves_and_shows_spanish_state(client, reader, make_article):
    article = make_article()
    response = client.post(favorite_url(article, "es"), {"action": "save"}, follow=True)
    text = visible_text(response.text, "es")
    assert "Guardado · Quitar de favoritos" in text


def test_a_fetch_request_gets_the_new_button_only(client, reader, make_article):
    article = make_article()
    response = client.post(
        favorite_url(article), {"action": "save"}, headers={"x-requested-with": "fetch"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="favorite"')
    assert 'aria-pressed="true"' in response.text
    assert "<html" not in response.text


def test_an_unknown_action_is_a_400_that_changes_nothing(client, reader, make_article):
    article = make_article()
    response = client.post(favorite_url(article), {"action": "toggle"})
    assert response.status_code == 400
    assert not Favorite.objects.exists()


def test_get_on_the_save_url_is_405(client, reader, make_article):
    assert client.get(favorite_url(make_article())).status_code == 405


def test_a_post_without_csrf_token_is_403(reader, make_article):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert strict.post(favorite_url(make_article()), {"action": "save"}).status_code == 403
    assert not Favorite.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"status": Article.Status.DRAFT}, {"published_at": "2999-01-01T00:00:00Z"}]
)
def test_saving_an_unpublished_article_is_404(client, reader, make_article, fields):
    article = make_article(**fields)
    assert client.post(favorite_url(article), {"action": "save"}).status_code == 404
    assert not Favorite.objects.exists()


def test_saving_an_unknown_article_is_404(client, reader):
    assert client.post("/en/news/no-such-study/favorite/", {"action": "save"}).status_code == 404


def test_an_anonymous_reader_is_sent_to_sign_in_and_back(client, make_article):
    article = make_article()
    page = client.get(f"/en/news/{article.slug_en}/").text
    assert "Save as Favorite" in page
    assert "Sign in to receive recommendations" in page
    response = client.post(favorite_url(article), {"action": "save"})
    assert response.url == (
        f"/en/accounts/sign-in/?next=%2Fen%2Fnews%2F{article.slug_en}%2F&favorite={article.pk}"
    )
    assert not Favorite.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_clicks_save_one_favorite(make_article):
    article = make_article()
    reader = User.objects.create_user("reader@example.org", PASSWORD)
    clients = [Client() for _ in range(8)]
    for each in clients:
        each.force_login(reader)
    start = threading.Barrier(len(clients))
    statuses = []

    def click(each):
        start.wait()
        statuses.append(each.post(favorite_url(article), {"action": "save"}).status_code)
        connection.close()

    threads = [threading.Thread(target=click, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    assert Favorite.objects.filter(user=reader, article=article).count() == 1


def test_favorites_page_lists_newest_first_with_titles_in_the_readers_language(
    client, reader, make_article
):
    bilingual, english_only = make_article(), make_article(spanish=False)
    Favorite.objects.save_article(reader, bilingual)
    Favorite.objects.save_article(reader, english_only)
    html = client.get("/es/cuenta/favoritos/").text
    assert bilingual.title_es in html
    assert (
        f'<a class="favorites__title" href="/en/news/{english_only.slug_en}/" hreflang="en" '
        f'lang="en">{english_only.title_en}</a>'
    ) in html
    assert "En inglés" in html
    assert html.index(english_only.title_en) < html.index(bilingual.title_es)


def test_favorites_page_removes_and_comes_back(client, reader, make_article):
    article = make_article(spanish=False)
    Favorite.objects.save_article(reader, article)
    html = client.get("/es/cuenta/favoritos/").text
    assert f'action="/en/news/{article.slug_en}/favorite/"' in html
    response = client.post(
        favorite_url(article), {"action": "remove", "next": "/es/cuenta/favoritos/"}
    )
    assert response.url == "/es/cuenta/favoritos/"
    assert not Favorite.objects.exists()


def test_favorites_page_leaves_out_unpublished_articles(client, reader, make_article):
    draft = make_article()
    Favorite.objects.save_article(reader, draft)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    assert draft.title_en not in client.get("/en/accounts/favorites/").text


@pytest.mark.parametrize("saved", [1, 30])
def test_article_page_adds_one_query_for_favorite_state(
    client, reader, make_article, django_assert_num_queries, saved
):
    articles = [make_article() for _ in range(saved)]
    for article in articles:
        Favorite.objects.save_article(reader, article)
    # Session, user, article, topics, favorite state, helpfulness vote state; the promo at
    # the end of the article and the footer's links to the editors' pages; the three of
    # "Recommended for you" (tests/recommendations/test_recommendations.py).
    with django_assert_num_queries(11):
        response = client.get(f"/en/news/{articles[0].slug_en}/")
    assert 'aria-pressed="true"' in response.text


@pytest.mark.parametrize("saved", [3, 40])
def test_favorites_page_queries_do_not_grow(
    client, reader, make_article, django_assert_num_queries, saved
):
    for _ in range(saved):
        Favorite.objects.save_article(reader, make_article())
    # Session, user, count, page of favorites with their articles; the footer's pages.
    with django_assert_num_queries(5):
        assert client.get("/en/accounts/favorites/").status_code == 200
