import pytest
from django.test import Client
from django.utils import translation

from articles.models import Article
from tests.helpers import english_interface_leaks, english_interface_strings, visible_text

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_articles_in_each_language(client, make_article):
    article = make_article()
    english = client.get("/en/")
    spanish = client.get("/es/")
    assert article.title_en in english.text
    assert article.title_es in spanish.text
    assert article.title_en not in spanish.text


def test_the_site_root_redirects_by_the_readers_language(client):
    assert client.get("/", headers={"accept-language": "es"}).url == "/es/"
    assert client.get("/", headers={"accept-language": "en"}).url == "/en/"


def test_article_page_shows_what_the_reference_page_shows(client, make_article, make_topic):
    topic = make_topic(name_en="Treatment")
    article = make_article(
        topics=[topic],
        title_en="Early study suggests Herceptin may help",
        journal="Cancer Research",
        paper_title="HER2 Drives Luminal Breast Cancer Stem Cells",
        paper_url="https://pubmed.ncbi.nlm.nih.gov/?term=HER2",
        paper_published_on="2013-02-26",
    )
    response = client.get(f"/en/news/{article.slug_en}/")
    html = response.text
    text = visible_text(html, "en")
    assert response.status_code == 200
    assert '<h1 id="article-title">Early study suggests Herceptin may help</h1>' in html
    assert article.summary_en in text
    assert "<em>many</em>" in html
    assert "The study was published online on Feb. 26, 2013 by the journal Cancer Research." in text
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/?term=HER2"' in html
    assert "Read the abstract of “HER2 Drives Luminal Breast Cancer Stem Cells”" in text
    assert f'href="/en/topics/{topic.slug_en}/">Treatment</a>' in html
    assert 'href="#top">Back to Top</a>' in html
    assert f'datetime="{article.published_at:%Y-%m-%d}"' in html


def test_spanish_article_page_formats_the_date_in_spanish(client, make_article):
    article = make_article(
        published_at="2013-02-28T10:00:00Z",
        paper_published_on="2013-02-26",
        journal="Cancer Research",
        paper_title="HER2",
    )
    text = visible_text(client.get(f"/es/noticias/{article.slug_es}/").text, "es")
    assert "Publicado el 28 de febrero de 2013" in text
    assert "El estudio se publicó en línea el 26 de febrero de 2013 en la revista" in text


def test_language_switch_links_the_other_version_both_ways(client, make_article):
    article = make_article()
    english = client.get(f"/en/news/{article.slug_en}/").text
    spanish = client.get(f"/es/noticias/{article.slug_es}/").text
    assert (
        f'<a class="language-switch" href="/es/noticias/{article.slug_es}/" hreflang="es" '
        'lang="es"><span class="language-switch__sentence">Leer esta página en español</span>'
        '<span class="language-switch__short" aria-hidden="true">Español</span></a>'
    ) in english
    assert (
        f'<a class="language-switch" href="/en/news/{article.slug_en}/" hreflang="en" '
        'lang="en"><span class="language-switch__sentence">Read this page in English</span>'
        '<span class="language-switch__short" aria-hidden="true">English</span></a>'
    ) in spanish
    for html in (english, spanish):
        assert (
            f'<link rel="alternate" hreflang="es" href="http://testserver/es/noticias/{article.slug_es}/">'
            in html
        )
        assert (
            f'<link rel="alternate" hreflang="en" href="http://testserver/en/news/{article.slug_en}/">'
            in html
        )


def test_english_only_article_has_no_switch_and_no_spanish_alternate(client, make_article):
    article = make_article(spanish=False)
    html = client.get(f"/en/news/{article.slug_en}/").text
    assert "Leer esta página en español" not in html
    assert 'hreflang="es"' not in html


def test_english_only_articles_never_appear_in_spanish_lists(client, make_article, make_topic):
    topic = make_topic()
    english_only = make_article(spanish=False, topics=[topic])
    bilingual = make_article(topics=[topic])
    for url in ("/es/", "/es/noticias/", f"/es/temas/{topic.slug_es}/"):
        html = client.get(url).text
        assert bilingual.title_es in html
        assert english_only.title_en not in html
        assert english_only.slug_en not in html


def test_spanish_address_of_an_english_only_article_sends_the_reader_to_english(
    client, make_article
):
    article = make_article(spanish=False)
    response = client.get(f"/es/noticias/{article.slug_en}/", follow=True)
    assert response.redirect_chain == [(f"/en/news/{article.slug_en}/?unavailable=es", 302)]
    notice = (
        '<p class="notice" lang="es" role="status">Este artículo todavía no está disponible en '
        "español. Esta es la versión en inglés.</p>"
    )
    assert notice in response.text
    # Apart from the notice, marked as Spanish, the page is English.
    assert "Este artículo" not in visible_text(response.text, "en")


def test_a_spanish_slug_under_english_goes_to_the_english_address(client, make_article):
    article = make_article()
    response = client.get(f"/en/news/{article.slug_es}/")
    assert response.status_code == 301
    assert response.url == f"/en/news/{article.slug_en}/"


def test_article_with_a_spanish_title_but_no_spanish_body_has_no_spanish_page(client, make_article):
    article = make_article(spanish=False, title_es="Título", slug_es="titulo")
    assert client.get("/es/noticias/titulo/").status_code == 302
    assert "Leer esta página en español" not in client.get(f"/en/news/{article.slug_en}/").text


@pytest.mark.parametrize(
    "fields",
    [{"status": Article.Status.DRAFT}, {"published_at": "2999-01-01T00:00:00Z"}],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_not_found_anywhere(client, make_article, fields):
    article = make_article(**fields)
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 404
    assert client.get(f"/es/noticias/{article.slug_es}/").status_code == 404
    assert client.get(f"/es/noticias/{article.slug_en}/").status_code == 404
    assert article.title_en not in client.get("/en/news/").text
    assert article.title_en not in client.get("/en/").text


def test_unknown_article_is_a_404_page_in_the_readers_language(client):
    english = client.get("/en/news/no-such-study/")
    spanish = client.get("/es/noticias/no-such-study/")
    assert english.status_code == spanish.status_code == 404
    assert "<h1>Page not found</h1>" in english.text
    assert "<h1>Página no encontrada</h1>" in spanish.text
    assert '<html lang="es">' in spanish.text
    # No language switch to a page that does not exist either.
    assert "hreflang" not in spanish.text


def test_unknown_topic_is_a_404_page(client, make_topic):
    topic = make_topic(spanish=False)
    assert client.get("/en/topics/no-such-topic/").status_code == 404
    assert client.get(f"/es/temas/{topic.slug_en}/").status_code == 404


def test_unknown_language_prefix_is_a_404_in_the_readers_language(client):
    response = client.get("/fr/news/", headers={"accept-language": "es"})
    assert response.status_code == 404
    assert "Página no encontrada" in response.text


@pytest.mark.parametrize(
    ("page", "shown"),
    [("2", 2), ("abc", 1), ("0", 1), ("-3", 1), ("99", 3), ("2.5", 1), ("9" * 5000, 1), ("", 1)],
)
def test_a_bad_page_number_shows_the_nearest_page(client, make_article, page, shown):
    for _ in range(25):
        make_article()
    response = client.get("/en/news/", {"page": page})
    assert response.status_code == 200
    assert f"Page {shown} of 3" in visible_text(response.text, "en")


def test_list_is_paginated_newest_first(client, make_article):
    articles = [make_article() for _ in range(12)]  # each one older than the last
    first = client.get("/en/news/").text
    second = client.get("/en/news/?page=2").text
    assert articles[0].title_en in first
    assert articles[9].title_en in first
    assert articles[10].title_en in second
    assert first.index(articles[0].title_en) < first.index(articles[1].title_en)
    assert 'rel="next" href="?page=2">Older articles</a>' in first


def test_topic_page_lists_its_articles(client, make_article, make_topic):
    topic, other = make_topic(description_en="About treatments"), make_topic()
    inside = make_article(topics=[topic])
    outside = make_article(topics=[other])
    html = client.get(f"/en/topics/{topic.slug_en}/").text
    assert inside.title_en in html
    assert outside.title_en not in html
    assert "About treatments" in html


@pytest.mark.parametrize(
    "url",
    ["/es/", "/es/noticias/", "/es/noticias/{article}/", "/es/temas/{topic}/", "/es/nada/"],
)
def test_spanish_pages_contain_no_english_interface_text(client, make_article, make_topic, url):
    topic = make_topic()
    article = make_article(
        topics=[topic],
        journal="Cancer Research",
        paper_title="HER2",
        paper_url="https://x.org",
        paper_published_on="2013-02-26",
    )
    for _ in range(11):
        make_article(topics=[topic])
    html = client.get(url.format(article=article.slug_es, topic=topic.slug_es)).text
    text = visible_text(html, "es")
    assert english_interface_leaks(text) == []
    assert "Volver arriba" in text


def test_every_interface_string_is_translated():
    with translation.override("es"):
        assert translation.gettext("Back to Top") == "Volver arriba"
    assert len(english_interface_strings()) > 50


def test_healthz_answers_ok(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"
