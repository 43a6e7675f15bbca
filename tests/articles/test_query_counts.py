"""Query counts of the public pages stay the same however many articles and topics there are."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_article, make_topic):
    def many(n_articles, n_topics):
        topics = [make_topic() for _ in range(n_topics)]
        return [make_article(topics=topics) for _ in range(n_articles)]

    return many


@pytest.mark.parametrize("url", ["/en/", "/es/", "/en/news/", "/es/noticias/"])
@pytest.mark.parametrize("size", [(3, 1), (30, 8)], ids=["small", "large"])
def test_list_pages(client, many, django_assert_num_queries, url, size):
    many(*size)
    # Home: articles, their topics, the topic index, the side column's promo. Lists: count,
    # page, topics. Every page, in base.html: the editors' pages linked from the footer.
    with django_assert_num_queries(5 if url in ("/en/", "/es/") else 4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [(3, 1), (30, 8)], ids=["small", "large"])
def test_topic_page(client, many, django_assert_num_queries, size):
    topic = many(*size)[0].topics.first()
    # Topic, count, page, topics of the page's articles; the footer's pages.
    with django_assert_num_queries(5):
        assert client.get(f"/es/temas/{topic.slug_es}/").status_code == 200


@pytest.mark.parametrize("size", [(3, 1), (30, 8)], ids=["small", "large"])
def test_article_page(client, many, django_assert_num_queries, size):
    article = many(*size)[0]
    # The article and its topics, the promo at its end, the footer's pages.
    with django_assert_num_queries(4):
        assert client.get(f"/en/news/{article.slug_en}/").status_code == 200
    with django_assert_num_queries(4):
        assert client.get(f"/es/noticias/{article.slug_es}/").status_code == 200
