"""Draft → in review → published → archived, scheduling, and previews for staff."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone, translation

from articles.models import Article, Page
from tests.helpers import NO_NOTES, PASSWORD, RESEARCH_FORM, english_interface_leaks, visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_only_published_articles_are_public(client, make_article, status):
    article = make_article(status=status)
    assert article not in Article.objects.published()
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 404
    assert article.title_en not in client.get("/en/news/").text


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(client, make_article):
    article = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 404
    assert article.is_scheduled and not article.is_public
    # No job runs in between: time passing is enough.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 200
    assert article.title_en in client.get("/en/").text


def article_form(**fields):
    return (
        {
            "title_en": "Scheduled study",
            "slug_en": "scheduled-study",
            "summary_en": "What it found.",
            "body_en": "The *body*.",
            "meta_description_en": "What the study found.",
            "status": "published",
            "published_at_0": "2999-01-02",
            "published_at_1": "10:00:00",
            "reviewer_name": "",
            "reviewer_credentials_en": "",
        }
        | RESEARCH_FORM
        | NO_NOTES
        | fields
    )


def test_the_admin_says_a_future_publish_time_schedules_the_article(admin_client):
    html = admin_client.get("/admin/articles/article/add/").text
    assert "Publish at" in html
    assert "A time in the future schedules it: it appears by itself then." in html
    assert admin_client.post("/admin/articles/article/add/", article_form()).status_code == 302
    changelist = admin_client.get("/admin/articles/article/").text
    assert "scheduled" in visible_text(changelist, "en")


def test_the_admin_records_who_changed_the_status_and_when(admin_client, admin_user):
    before = timezone.now()
    admin_client.post("/admin/articles/article/add/", article_form(status="draft"))
    article = Article.objects.get(slug_en="scheduled-study")
    assert article.status_changed_by == admin_user and article.status_changed_at >= before
    first_change = article.status_changed_at

    data = article_form(status="draft", title_en="Retitled")
    admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert article.status_changed_at == first_change  # a title is not a status change

    admin_client.post(
        f"/admin/articles/article/{article.pk}/change/", data | {"status": "in_review"}
    )
    article.refresh_from_db()
    assert article.status == "in_review" and article.status_changed_at > first_change
    text = visible_text(admin_client.get("/admin/articles/article/").text, "en")
    assert "In review" in text and admin_user.email in text


@pytest.mark.parametrize(("action", "status"), [("publish", "published"), ("archive", "archived")])
def test_bulk_actions_are_recorded_like_single_changes(
    admin_client, admin_user, make_article, action, status
):
    articles = [make_article(status="in_review") for _ in range(3)]
    unchanged = make_article(status=status)
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [a.pk for a in [*articles, unchanged]]},
        follow=True,
    )
    assert f"3 items {status}." in response.text
    for article in articles:
        article.refresh_from_db()
        assert article.status == status and article.status_changed_by == admin_user
        latest = article.history.first()
        assert latest.status == status and latest.history_user == admin_user
        assert LogEntry.objects.filter(object_id=str(article.pk)).count() == 1
    assert unchanged.history.count() == 1  # only its creation


def test_the_publish_action_works_for_pages_too(admin_client, make_page):
    page = make_page(status="draft")
    admin_client.post("/admin/articles/page/", {"action": "publish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == "published"
    assert admin_client.get(f"/en/pages/{page.slug_en}/").status_code == 200


# Preview


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"status": "in_review"},
        {"status": "archived"},
        {"published_at": timezone.now() + timedelta(days=3)},
    ],
    ids=["draft", "in review", "archived", "scheduled"],
)
def test_staff_preview_an_unpublished_article_at_its_own_address(
    admin_client, make_article, fields
):
    article = make_article(**fields)
    response = admin_client.get(f"/en/news/{article.slug_en}/preview/")
    assert response.status_code == 200
    text = visible_text(response.text, "en")
    assert "Preview — not published" in text
    assert article.title_en in text and "many" in text
    spanish = admin_client.get(f"/es/noticias/{article.slug_es}/vista-previa/")
    assert "Vista previa: sin publicar" in visible_text(spanish.text, "es")
    assert article.title_es in spanish.text
    assert english_interface_leaks(visible_text(spanish.text, "es")) == []


def test_a_preview_says_when_a_scheduled_article_will_appear(admin_client, make_article):
    article = make_article(published_at="2999-05-04T10:00:00Z")
    text = visible_text(admin_client.get(f"/en/news/{article.slug_en}/preview/").text, "en")
    assert "Scheduled to appear by itself on May 4, 2999, 10 a.m." in text


def test_a_preview_is_never_cached_or_indexed(admin_client, make_article):
    article = make_article(status="draft")
    response = admin_client.get(f"/en/news/{article.slug_en}/preview/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text
    # No hreflang links to a page that must not be found; the switch goes to the other preview.
    assert '<link rel="alternate"' not in response.text
    assert f'href="/es/noticias/{article.slug_es}/vista-previa/"' in response.text


def test_a_preview_shows_no_buttons_that_only_work_on_a_published_article(
    admin_client, make_article
):
    article = make_article(status="draft")
    html = admin_client.get(f"/en/news/{article.slug_en}/preview/").text
    assert "/feedback/" not in html and "/favorite/" not in html


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff without permissions"])
def test_readers_get_a_404_for_a_preview(client, make_article, django_user_model, who):
    article = make_article(status="draft")
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader@example.org", PASSWORD))
    elif who == "staff without permissions":
        client.force_login(
            django_user_model.objects.create_user("staff@example.org", PASSWORD, is_staff=True)
        )
    for url in (f"/en/news/{article.slug_en}/preview/", f"/en/news/{article.slug_en}/"):
        assert client.get(url).status_code == 404


def test_a_published_article_preview_says_it_is_already_published(admin_client, make_article):
    article = make_article()
    text = visible_text(admin_client.get(f"/en/news/{article.slug_en}/preview/").text, "en")
    assert "Preview — already published" in text


def test_the_admin_links_each_language_preview_from_the_list_and_the_form(
    admin_client, make_article
):
    article = make_article(status="draft")
    english_only = make_article(status="draft", spanish=False)
    english = f'<a href="/en/news/{article.slug_en}/preview/" target="_blank" rel="noopener">'
    spanish = (
        f'<a href="/es/noticias/{article.slug_es}/vista-previa/" target="_blank" rel="noopener">'
    )
    changelist = admin_client.get("/admin/articles/article/").text
    assert f"{english}English</a>" in changelist and f"{spanish}Spanish</a>" in changelist
    form = admin_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert f"{english}Preview in English</a>" in form
    assert f"{spanish}Preview in Spanish</a>" in form
    assert f"/es/noticias/{english_only.slug_en}/vista-previa/" not in changelist


def test_staff_preview_an_unpublished_page(admin_client, client, make_page):
    page = make_page(status="draft")
    response = admin_client.get(f"/es/paginas/{page.slug_es}/vista-previa/")
    assert response.status_code == 200
    assert "Vista previa: sin publicar" in visible_text(response.text, "es")
    assert response["X-Robots-Tag"] == "noindex"
    assert client.get(f"/es/paginas/{page.slug_es}/vista-previa/").status_code == 404


def test_status_labels_are_translated():
    with translation.override("es"):
        assert [str(label) for label in Page.Status.labels] == [
            "Borrador",
            "En revisión",
            "Publicado",
            "Archivado",
        ]
