"""Publishing means now: the publish time, previews of unpublished items, "View on site"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def article_form(article, **fields):
    opened = article.published_at
    return (
        {
            "title_en": article.title_en,
            "slug_en": article.slug_en,
            "summary_en": article.summary_en,
            "body_en": article.body_en,
            "meta_description_en": "What the study found.",
            "title_es": article.title_es,
            "slug_es": article.slug_es,
            "summary_es": article.summary_es,
            "body_es": article.body_es,
            "meta_description_es": "Lo que encontró el estudio.",
            "status": article.status,
            "published_at_0": opened.strftime("%Y-%m-%d"),
            "published_at_1": opened.strftime("%H:%M:%S"),
        }
        | RESEARCH_FORM
        | NO_NOTES
        | fields
    )


def test_publishing_a_draft_written_days_ago_publishes_it_now(admin_client, make_article):
    # The form was opened (and its publish time filled in) three days before publishing.
    draft = make_article(status="draft", published_at=timezone.now() - timedelta(days=3))
    newer = make_article(published_at=timezone.now() - timedelta(hours=1))
    response = admin_client.post(
        f"/admin/articles/article/{draft.pk}/change/", article_form(draft, status="published")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert timezone.now() - draft.published_at < timedelta(minutes=1)
    assert list(Article.objects.published()[:2]) == [draft, newer]


def test_the_publish_action_publishes_now(admin_client, make_article):
    draft = make_article(status="draft", published_at=timezone.now() - timedelta(days=3))
    admin_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    assert timezone.now() - draft.published_at < timedelta(minutes=1)


def test_publishing_with_a_future_time_keeps_the_schedule(admin_client, make_article):
    draft = make_article(status="draft")
    admin_client.post(
        f"/admin/articles/article/{draft.pk}/change/",
        article_form(
            draft, status="published", published_at_0="2999-01-02", published_at_1="10:00:00"
        ),
    )
    draft.refresh_from_db()
    assert draft.is_scheduled


def test_saving_a_published_article_keeps_its_publish_time(admin_client, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=30))
    before = article.published_at.replace(microsecond=0)
    admin_client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form(article, title_en="Fixed")
    )
    article.refresh_from_db()
    assert article.published_at == before


def test_a_draft_preview_says_it_is_a_draft_not_when_it_was_published(admin_client, make_article):
    article = make_article(status="draft")
    text = visible_text(admin_client.get(f"/en/news/{article.slug_en}/preview/").text, "en")
    assert "Published" not in text.replace("Preview — not published", "")
    assert "Draft: not published yet" in text
    spanish = admin_client.get(f"/es/noticias/{article.slug_es}/vista-previa/").text
    assert "Borrador: aún sin publicar" in visible_text(spanish, "es")


def test_view_on_site_opens_the_preview_of_an_unpublished_item(
    admin_client, make_article, make_page
):
    draft = make_article(status="draft")
    form = admin_client.get(f"/admin/articles/article/{draft.pk}/change/").text
    assert f'href="/en/news/{draft.slug_en}/preview/" class="viewsitelink"' in form
    page = make_page(status="draft")
    form = admin_client.get(f"/admin/articles/page/{page.pk}/change/").text
    assert f'href="/en/pages/{page.slug_en}/preview/" class="viewsitelink"' in form
    public = make_article()
    form = admin_client.get(f"/admin/articles/article/{public.pk}/change/").text
    assert f'href="/en/news/{public.slug_en}/" class="viewsitelink"' in form
