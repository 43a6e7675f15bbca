"""The admin's side-by-side preview of the English and Spanish Markdown."""

import pytest
from django.test import Client

from articles.rendering import render_markdown
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/markdown-preview/"


def test_it_renders_both_languages_with_the_sites_sanitiser(admin_client):
    response = admin_client.post(
        URL,
        {
            "body_en": "Some *news*.<script>alert(1)</script>",
            "body_es": "Una [noticia](javascript:x).",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "en": render_markdown("Some *news*.<script>alert(1)</script>"),
        "es": render_markdown("Una [noticia](javascript:x)."),
    }
    assert "<em>news</em>" in response.json()["en"] and "script" not in response.json()["en"]


def test_it_rejects_get(admin_client):
    assert admin_client.get(URL).status_code == 405


def test_readers_and_anonymous_visitors_cannot_use_it(client, django_user_model):
    assert client.post(URL, {"body_en": "x"}).status_code == 302  # to the admin sign-in
    client.force_login(django_user_model.objects.create_user("reader@example.org", PASSWORD))
    assert client.post(URL, {"body_en": "x"}).status_code == 302


def test_it_needs_a_csrf_token(admin_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    assert strict.post(URL, {"body_en": "x"}).status_code == 403


def test_a_translator_sees_the_saved_english_beside_their_spanish(client, translator, make_article):
    article = make_article(body_en="Saved *English*.")
    client.force_login(translator)
    response = client.post(URL, {"object_id": article.pk, "body_es": "Mi *traducción*."})
    assert response.json() == {
        "en": render_markdown("Saved *English*."),
        "es": render_markdown("Mi *traducción*."),
    }


def test_the_change_form_offers_the_preview_for_articles_and_pages(admin_client, make_article):
    for url in ("/admin/articles/article/add/", "/admin/articles/page/add/"):
        html = admin_client.get(url).text
        assert 'class="module aligned markdown-preview"' in html
        assert f'data-url="{url.replace("add/", "markdown-preview/")}"' in html
        assert "/static/js/markdown-preview." in html
    assert "markdown-preview__button" not in admin_client.get("/admin/articles/topic/add/").text


def test_the_page_preview_works_too(admin_client):
    response = admin_client.post("/admin/articles/page/markdown-preview/", {"body_en": "## Hi"})
    assert response.json()["en"] == "<h2>Hi</h2>"
