"""The quality check in the admin: live in the form, in the list, and before publishing."""

import json

import pytest

from articles.models import Article
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db

JARGON = (
    "Postoperative ambulatory interventions demonstrated statistically significant "
    "improvements in functional rehabilitation trajectories, notwithstanding considerable "
    "heterogeneity attributable to methodological inconsistencies and comorbidity profiles. "
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_check_runs_on_what_is_typed_for_each_language(admin_client):
    response = admin_client.post(
        "/admin/articles/article/quality-check/",
        {"body_en": JARGON * 3, "meta_description_en": "", "body_es": "Caminar ayuda."},
    )
    assert response.status_code == 200
    text = visible_text(json.loads(response.text)["html"], "en")
    assert "English" in text and "Spanish" in text
    assert "Flesch reading ease" in text and "aim for 60 or more" in text
    assert "The meta description is empty" in text
    assert "about 1 minute to read" in text


def test_the_check_is_for_staff_and_by_post_only(client, admin_client):
    assert admin_client.get("/admin/articles/article/quality-check/").status_code == 405
    client.logout()
    response = client.post("/admin/articles/article/quality-check/", {"body_en": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_form_shows_the_check_and_loads_its_script(admin_client, make_article):
    article = make_article(body_en=JARGON * 3)
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert 'class="module aligned quality"' in html
    assert "js/quality-check" in html
    assert "Flesch reading ease" in visible_text(html, "en")


def test_the_list_has_a_quality_column_and_filter(admin_client, make_article):
    hard = make_article(body_en=JARGON * 3, meta_description_en="About it.")
    fine = make_article(
        body_en="Walking helps. Ask your nurse.",
        meta_description_en="About walking.",
        body_es="Caminar ayuda.",
        meta_description_es="Sobre caminar.",
    )
    html = admin_client.get("/admin/articles/article/").text
    assert "to fix" in visible_text(html, "en") and "fine" in visible_text(html, "en")
    failing = admin_client.get("/admin/articles/article/", {"quality": "fails"}).text
    assert hard.title_en in failing and fine.title_en not in failing
    passing = admin_client.get("/admin/articles/article/", {"quality": "passes"}).text
    assert fine.title_en in passing and hard.title_en not in passing


def publish_form(article, **fields):
    return (
        {
            "title_en": article.title_en,
            "slug_en": article.slug_en,
            "summary_en": article.summary_en,
            "body_en": article.body_en,
            "meta_description_en": "",
            "status": "published",
            "published_at_0": "2024-01-02",
            "published_at_1": "10:00:00",
        }
        | RESEARCH_FORM
        | NO_NOTES
        | fields
    )


def test_publishing_something_that_fails_asks_to_confirm(admin_client, make_article):
    draft = make_article(status="draft", spanish=False, body_en=JARGON * 3)
    url = f"/admin/articles/article/{draft.pk}/change/"
    response = admin_client.post(url, publish_form(draft))
    assert response.status_code == 200
    text = visible_text(response.text, "en")
    assert "This fails the quality check" in text and "Flesch reading ease" in text
    assert 'type="checkbox" name="publish_anyway"' in response.text
    assert Article.objects.get(pk=draft.pk).status == "draft"
    response = admin_client.post(url, publish_form(draft, publish_anyway="on"))
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == "published"


def test_publishing_something_that_passes_asks_nothing(admin_client, make_article):
    draft = make_article(status="draft", spanish=False, body_en="Walking helps.")
    response = admin_client.post(
        f"/admin/articles/article/{draft.pk}/change/",
        publish_form(draft, body_en="Walking helps.", meta_description_en="About walking."),
    )
    assert response.status_code == 302
