from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from articles.models import Article
from articles.rendering import render_markdown

pytestmark = pytest.mark.django_db


def test_published_means_published_status_and_a_date_that_has_come(make_article):
    public = make_article()
    make_article(status=Article.Status.DRAFT)
    make_article(published_at=timezone.now() + timedelta(hours=1))
    assert list(Article.objects.published()) == [public]


def test_a_page_exists_in_a_language_once_title_slug_and_body_exist(make_article):
    full = make_article()
    english_only = make_article(spanish=False)
    half = make_article(spanish=False, title_es="Título", slug_es="titulo")
    assert full.languages == ["en", "es"]
    assert english_only.languages == ["en"]
    assert half.languages == ["en"]
    assert list(Article.objects.in_language("es")) == [full]


@pytest.mark.parametrize("language", ["en", "es"])
def test_missing_spanish_slugs_are_null_so_they_never_collide(make_article, language):
    with translation.override(language):  # an editor working in either language
        first, second = make_article(spanish=False), make_article(spanish=False)
    assert first.slug_es is None and second.slug_es is None


def test_two_articles_cannot_share_a_slug(make_article):
    make_article(slug_es="mismo")
    with pytest.raises(IntegrityError):
        make_article(slug_es="mismo")


def test_urls_are_per_language(make_article):
    article = make_article()
    assert article.url_in("en") == f"/en/news/{article.slug_en}/"
    assert article.url_in("es") == f"/es/noticias/{article.slug_es}/"
    with translation.override("es"):
        assert article.get_absolute_url() == f"/es/noticias/{article.slug_es}/"


def test_english_only_article_url_under_spanish_is_the_english_page(make_article):
    article = make_article(spanish=False)
    with translation.override("es"):
        assert article.get_absolute_url() == f"/en/news/{article.slug_en}/"


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("*emphasis* and **strength**", "<p><em>emphasis</em> and <strong>strength</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("## What they found", "<h2>What they found</h2>"),
        ("[N](https://n.gov)", '<p><a href="https://n.gov" rel="noopener noreferrer">N</a></p>'),
    ],
)
def test_markdown_renders_the_allowed_elements(markdown, html):
    assert render_markdown(markdown) == html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
        '<p onclick="alert(1)">text</p>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_never_carries_script(hostile):
    html = render_markdown(hostile).lower()
    dangers = ("<script", "javascript", "onerror", "onclick", "<iframe", "<style", "data:", "<img")
    assert [danger for danger in dangers if danger in html] == []
