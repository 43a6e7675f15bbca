import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, Page

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def feed_items(response):
    channel = ET.fromstring(response.content).find("channel")
    return channel, [item.findtext("title") for item in channel.findall("item")]


def test_english_feed_lists_published_articles_newest_first(client, make_article):
    newer, older = make_article(), make_article()
    draft = make_article(status=Article.Status.DRAFT)
    response = client.get("/en/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel, titles = feed_items(response)
    assert channel.findtext("language") == "en"
    assert titles == [newer.title_en, older.title_en]
    assert draft.title_en not in titles


def test_spanish_feed_has_only_spanish_articles_in_spanish(client, make_article):
    bilingual, english_only = make_article(), make_article(spanish=False)
    channel, titles = feed_items(client.get("/es/feed/"))
    assert channel.findtext("language") == "es"
    assert channel.findtext("title") == "Newsroom: Noticias de investigación en salud, explicadas"
    assert titles == [bilingual.title_es]
    assert english_only.title_en not in titles
    link = channel.find("item").findtext("link")
    assert link == f"http://testserver/es/noticias/{bilingual.slug_es}/"


def test_topic_feed_lists_its_articles(client, make_article, make_topic):
    topic, other = make_topic(), make_topic()
    inside, outside = make_article(topics=[topic]), make_article(topics=[other])
    _channel, titles = feed_items(client.get(f"/es/temas/{topic.slug_es}/feed/"))
    assert titles == [inside.title_es]
    assert outside.title_es not in titles
    assert client.get("/es/temas/no-such-topic/feed/").status_code == 404


def test_pages_link_their_feeds(client, make_article, make_topic):
    topic = make_topic()
    html = client.get(f"/es/temas/{topic.slug_es}/").text
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/es/feed/"' in html
    assert f'href="/es/temas/{topic.slug_es}/feed/"' in html


def test_sitemap_lists_every_public_page_in_each_of_its_languages(client, make_article, make_topic):
    bilingual, english_only = make_article(), make_article(spanish=False)
    draft = make_article(status=Article.Status.DRAFT)
    topic = make_topic()
    page = Page.objects.create(
        title_en="Clinical trials", slug_en="clinical-trials", body_en="About trials.",
        title_es="Ensayos clínicos", slug_es="ensayos-clinicos", body_es="Sobre ensayos.",
        status=Page.Status.PUBLISHED,
    )  # fmt: skip
    response = client.get("/sitemap.xml")
    urls = {url.findtext(f"{SITEMAP}loc"): url for url in ET.fromstring(response.content)}
    server = "http://testserver"
    assert f"{server}/en/news/{bilingual.slug_en}/" in urls
    assert f"{server}/es/noticias/{bilingual.slug_es}/" in urls
    assert f"{server}/en/news/{english_only.slug_en}/" in urls
    assert not [url for url in urls if english_only.slug_en in url and "/es/" in url]
    assert not [url for url in urls if draft.slug_en in url]
    assert f"{server}/es/temas/{topic.slug_es}/" in urls
    assert f"{server}/es/paginas/{page.slug_es}/" in urls

    spanish = urls[f"{server}/es/noticias/{bilingual.slug_es}/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in spanish.findall(f"{XHTML}link")
    }
    assert alternates == {
        "en": f"{server}/en/news/{bilingual.slug_en}/",
        "es": f"{server}/es/noticias/{bilingual.slug_es}/",
    }
    assert spanish.findtext(f"{SITEMAP}lastmod") == f"{bilingual.updated_at:%Y-%m-%d}"


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
    assert "Disallow: /es/cuenta/" in response.text


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_article_page_carries_canonical_description_and_social_tags(client, make_article):
    article = make_article(meta_description_es="Un resumen para buscadores.")
    html = client.get(f"/es/noticias/{article.slug_es}/?utm_source=x").text
    url = f"http://testserver/es/noticias/{article.slug_es}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "name", "description") == "Un resumen para buscadores."
    assert meta(html, "property", "og:title") == article.title_es
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == url
    assert meta(html, "property", "og:locale") == "es_ES"
    assert meta(html, "property", "og:locale:alternate") == "en_US"
    assert meta(html, "name", "twitter:card") == "summary"


def test_article_page_describes_itself_in_json_ld(client, make_article, make_topic):
    article = make_article(
        topics=[make_topic(name_es="Tratamiento")],
        journal="Cancer Research",
        paper_title="HER2 drives luminal breast cancer stem cells",
        paper_url="https://pubmed.ncbi.nlm.nih.gov/?term=HER2",
        paper_published_on="2013-02-26",
        reviewer_name="Dra. Ana Ruiz",
        reviewer_credentials="Oncóloga",
        last_reviewed_on="2024-05-01",
        research_stage="laboratory",
        study_population_es="Ratones y células cultivadas",
    )
    html = client.get(f"/es/noticias/{article.slug_es}/").text
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload.group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == article.title_es
    assert data["inLanguage"] == "es"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["citation"] == {
        "@type": "MedicalScholarlyArticle",
        "name": "HER2 drives luminal breast cancer stem cells",
        "url": "https://pubmed.ncbi.nlm.nih.gov/?term=HER2",
        "datePublished": "2013-02-26",
        "isPartOf": {"@type": "Periodical", "name": "Cancer Research"},
        # The study (issue 17): a laboratory study has no publication type of its own.
        "about": {"@type": "MedicalStudy", "population": "Ratones y células cultivadas"},
    }
    assert data["lastReviewed"] == "2024-05-01"
    reviewer = {"@type": "Person", "name": "Dra. Ana Ruiz", "jobTitle": "Oncóloga"}
    assert data["reviewedBy"] == reviewer
    assert data["about"] == [{"@type": "Thing", "name": "Tratamiento"}]


def test_json_ld_cannot_break_out_of_its_script(client, make_article):
    article = make_article(title_en="</script><script>alert(1)</script>")
    html = client.get(f"/en/news/{article.slug_en}/").text
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(payload.group(1))["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_list_pages_are_canonical_per_page(client, make_article):
    for _ in range(12):
        make_article()
    html = client.get("/en/news/?page=2&utm_source=x").text
    assert '<link rel="canonical" href="http://testserver/en/news/?page=2">' in html
    first = client.get("/en/news/?page=abc").text
    assert '<link rel="canonical" href="http://testserver/en/news/">' in first
