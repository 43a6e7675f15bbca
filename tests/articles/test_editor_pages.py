"""Editors' pages: bilingual, with the articles' workflow and address rules, in the footer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Page
from tests.helpers import english_interface_leaks, visible_text

pytestmark = pytest.mark.django_db


def test_a_page_has_an_address_in_each_language(client, make_page):
    page = make_page(
        body_en="Trials *test* treatments.", body_es="Los ensayos *prueban* tratamientos."
    )
    assert page.get_absolute_url() == f"/en/pages/{page.slug_en}/"
    assert page.url_in("es") == f"/es/paginas/{page.slug_es}/"
    english = client.get(f"/en/pages/{page.slug_en}/")
    spanish = client.get(f"/es/paginas/{page.slug_es}/")
    assert f'<h1 id="page-title">{page.title_en}</h1>' in english.text
    assert "<em>test</em>" in english.text and "<em>prueban</em>" in spanish.text
    assert (
        f'<a class="language-switch" href="/es/paginas/{page.slug_es}/" hreflang="es" '
        'lang="es"><span class="language-switch__sentence">Leer esta página en español</span>'
        '<span class="language-switch__short" aria-hidden="true">Español</span></a>'
    ) in english.text
    assert (
        f'<link rel="alternate" hreflang="en" href="http://testserver/en/pages/{page.slug_en}/">'
        in spanish.text
    )


def test_a_slug_from_the_other_language_redirects_like_an_articles(client, make_page):
    page = make_page()
    response = client.get(f"/en/pages/{page.slug_es}/")
    assert (response.status_code, response.url) == (301, f"/en/pages/{page.slug_en}/")


def test_the_spanish_address_of_an_english_only_page_explains_and_shows_english(client, make_page):
    page = make_page(spanish=False)
    response = client.get(f"/es/paginas/{page.slug_en}/", follow=True)
    assert response.redirect_chain == [(f"/en/pages/{page.slug_en}/?unavailable=es", 302)]
    assert "Esta página todavía no está disponible en español." in response.text


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"status": "in_review"},
        {"status": "archived"},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "in review", "archived", "scheduled"],
)
def test_unpublished_pages_are_not_found_and_not_linked(client, make_page, fields):
    page = make_page(**fields)
    assert client.get(f"/en/pages/{page.slug_en}/").status_code == 404
    assert client.get(f"/es/paginas/{page.slug_es}/").status_code == 404
    assert page.title_en not in client.get("/en/").text


def test_unknown_page_is_a_404(client):
    assert client.get("/en/pages/no-such-page/").status_code == 404


def test_the_footer_links_the_published_pages_in_the_readers_language(
    client, make_page, make_article
):
    bilingual = make_page(title_en="Clinical trials", title_es="Ensayos clínicos")
    english_only = make_page(spanish=False, title_en="Only in English")
    make_page(status=Page.Status.DRAFT, title_en="Draft page")
    article = make_article()
    for url in ("/en/", "/en/news/", f"/en/news/{article.slug_en}/", "/en/no-such-page/"):
        html = client.get(url).text
        assert f'<a href="/en/pages/{bilingual.slug_en}/">Clinical trials</a>' in html, url
        assert f'<a href="/en/pages/{english_only.slug_en}/">Only in English</a>' in html
        assert "Draft page" not in html
    spanish = client.get("/es/").text
    assert f'<a href="/es/paginas/{bilingual.slug_es}/">Ensayos clínicos</a>' in spanish
    assert "Only in English" not in spanish


def test_the_spanish_page_has_no_english_interface_text(client, make_page):
    page = make_page()
    text = visible_text(client.get(f"/es/paginas/{page.slug_es}/").text, "es")
    assert english_interface_leaks(text) == []


@pytest.mark.parametrize("size", [1, 12])
def test_a_page_costs_the_same_queries_however_many_pages_exist(
    client, make_page, django_assert_num_queries, size
):
    pages = [make_page() for _ in range(size)]
    # The page; the footer's pages.
    with django_assert_num_queries(2):
        assert client.get(f"/es/paginas/{pages[0].slug_es}/").status_code == 200
