"""The question at the end of every article page, and what it costs to ask it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ReaderProfile, User
from feedback.models import HelpfulnessVote
from tests.helpers import PASSWORD, visible_text

pytestmark = pytest.mark.django_db


def queries_on(table, queries):
    return [query["sql"] for query in queries if table in query["sql"]]


def test_every_article_asks_whether_it_helped(client, make_article, make_topic):
    article = make_article(topics=[make_topic()])
    html = client.get(f"/en/news/{article.slug_en}/").text
    panel = html[html.index('<section class="panel feedback"') :]
    # Right after the text; the topics and the research sit beside it (a sidebar at 1280 px).
    assert html.index('class="prose"') < html.index('id="feedback"') < html.index("</article>")
    assert html.index('id="feedback"') < html.index('id="topics-heading"')
    assert panel.startswith(
        '<section class="panel feedback" id="feedback" aria-labelledby="feedback-heading">'
    )
    assert '<h2 id="feedback-heading">Was this article helpful?</h2>' in panel
    assert f'method="post" action="/en/news/{article.slug_en}/feedback/"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel
    assert (
        '<button class="button button--secondary" type="submit" name="helpful" value="yes"' in panel
    )
    assert 'name="helpful" value="no"' in panel
    assert "Thank you" not in visible_text(html, "en")
    assert '<script src="/static/js/feedback.' in html
    # The site's policy forbids inline script and style.
    assert "<script>" not in html and "style=" not in html and " onclick" not in html


def test_the_spanish_page_asks_in_spanish(client, make_article):
    article = make_article()
    html = client.get(f"/es/noticias/{article.slug_es}/").text
    text = visible_text(html, "es")
    assert "¿Le resultó útil este artículo?" in text
    assert '<h2 id="feedback-heading">¿Le resultó útil este artículo?</h2>' in html
    assert 'value="yes" aria-pressed="false">Sí</button>' in html
    assert 'value="no" aria-pressed="false">No</button>' in html
    assert f'action="/es/noticias/{article.slug_es}/opinion/"' in html


def test_the_honeypot_is_hidden_from_readers_and_screen_readers(client, make_article):
    html = client.get(f"/en/news/{make_article().slug_en}/").text
    assert '<div class="feedback__trap" aria-hidden="true">' in html
    assert 'name="website" tabindex="-1" autocomplete="off"' in html


def test_reading_an_article_starts_no_session(client, make_article):
    response = client.get(f"/en/news/{make_article().slug_en}/")
    assert "sessionid" not in response.cookies


def test_a_reader_without_a_session_costs_no_query(client, make_article):
    article = make_article()
    HelpfulnessVote.objects.create(article=article, helpful=True, language="en", client="c")
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/en/news/{article.slug_en}/").status_code == 200
    assert queries_on("feedback_helpfulnessvote", context.captured_queries) == []
    assert queries_on("django_session", context.captured_queries) == []


@pytest.mark.parametrize("articles", [2, 20])
def test_an_anonymous_voter_costs_the_session_and_one_query(
    client, make_article, vote_url, django_assert_num_queries, articles
):
    voted = [make_article() for _ in range(articles)]
    for article in voted:
        client.post(vote_url(article), {"helpful": "no", "comment": "More, please."})
    # The article and its topics, the session, the reader's vote; the promo at the end of
    # the article and the footer's links to the editors' pages.
    with django_assert_num_queries(6) as context:
        html = client.get(f"/en/news/{voted[0].slug_en}/").text
    assert len(queries_on("feedback_helpfulnessvote", context.captured_queries)) == 1
    assert "Thank you for telling us what was missing or unclear." in html


def test_a_signed_in_voter_costs_one_query_for_the_vote(client, make_article, vote_url):
    reader = User.objects.create_user("reader@example.org", PASSWORD)
    # "Recommended for you" reads the reader's answers too: its queries are pinned in
    # tests/recommendations/test_recommendations.py.
    ReaderProfile.objects.create(user=reader, show_recommendations=False)
    client.force_login(reader)
    articles = [make_article() for _ in range(5)]
    for article in articles:
        client.post(vote_url(article), {"helpful": "yes"})
    with CaptureQueriesContext(connection) as context:
        html = client.get(f"/en/news/{articles[2].slug_en}/").text
    assert len(queries_on("feedback_helpfulnessvote", context.captured_queries)) == 1
    assert 'value="yes" aria-pressed="true"' in html
