"""Issue 17: readers who saved an article see "Updated since you saved it"."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Favorite, User
from articles.models import ArticleNote
from tests.helpers import PASSWORD, visible_text

# Stored pages are thrown away when a change is committed: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "Updated since you saved it"


@pytest.fixture(params=[False, True], ids=["page cache off", "page cache on"])
def page_cache(request):
    if request.param:
        request.getfixturevalue("page_cache_on")
    return request.param


def reader(email):
    user = User.objects.create_user(email, PASSWORD)
    client = Client()
    client.force_login(user)
    return user, client


def saved(user, article, days_ago):
    favorite = Favorite.objects.save_article(user, article)
    Favorite.objects.filter(pk=favorite.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def note(article, days_ago):
    return ArticleNote.objects.create(
        article=article,
        kind="update",
        noted_at=timezone.now() - timedelta(days=days_ago),
        text_en="New results.",
        text_es="Nuevos resultados.",
    )


def test_a_note_after_saving_marks_the_article_for_that_reader_only(
    page_cache, make_article, django_assert_max_num_queries
):
    article = make_article()
    early, early_client = reader("early@example.org")
    late, late_client = reader("late@example.org")
    saved(early, article, days_ago=10)
    note(article, days_ago=5)
    saved(late, article, days_ago=1)
    url = article.url_in("en")
    anonymous = Client().get(url)  # stored first, when the page cache is on
    assert MARKER not in anonymous.text
    if page_cache:  # the page is stored: served again without being rendered
        with django_assert_max_num_queries(1):
            Client().get(url)
    assert MARKER in early_client.get(url).text
    assert MARKER not in late_client.get(url).text
    assert MARKER not in early_client.get(make_article().url_in("en")).text


def test_the_marker_links_to_the_notes_and_is_in_spanish(page_cache, make_article):
    article = make_article()
    user, client = reader("reader@example.org")
    saved(user, article, days_ago=3)
    note(article, days_ago=1)
    html = client.get(article.url_in("es")).text
    assert '<a href="#notes">Actualizado desde que lo guardó</a>' in html
    assert 'id="notes"' in html


def test_my_favorites_marks_the_articles_updated_since_they_were_saved(make_article):
    updated, unchanged = make_article(), make_article()
    user, client = reader("reader@example.org")
    saved(user, updated, days_ago=3)
    saved(user, unchanged, days_ago=3)
    note(updated, days_ago=1)
    note(unchanged, days_ago=5)
    text = visible_text(client.get("/en/accounts/favorites/").text, "en")
    assert f"{updated.title_en} " in text and f"{unchanged.title_en} " in text
    after = {
        title: text[text.index(title) :][:120] for title in (updated.title_en, unchanged.title_en)
    }
    assert MARKER in after[updated.title_en]
    assert MARKER not in after[unchanged.title_en]
    spanish = client.get("/es/cuenta/favoritos/").text
    assert f'href="{updated.url_in("es")}#notes">Actualizado desde que lo guardó</a>' in spanish


def test_a_new_note_reaches_a_cached_page_for_a_reader_who_saved_it(page_cache_on, make_article):
    article = make_article()
    user, client = reader("reader@example.org")
    saved(user, article, days_ago=3)
    url = article.url_in("en")
    Client().get(url)
    assert MARKER not in client.get(url).text
    note(article, days_ago=0)
    assert MARKER in client.get(url).text
