import pytest

from tests.helpers import NO_NOTES, RESEARCH_FORM

pytestmark = pytest.mark.django_db


def test_article_form_has_english_and_spanish_fields_and_loads_nothing_from_a_cdn(admin_client):
    html = admin_client.get("/admin/articles/article/add/").text
    assert 'name="title_en"' in html and 'name="title_es"' in html
    assert 'name="body_en"' in html and 'name="body_es"' in html
    assert "googleapis" not in html


def test_article_list_filters_and_searches(admin_client, make_article):
    english_only = make_article(spanish=False, title_en="Tamoxifen for ten years")
    bilingual = make_article(title_en="Yoga and fatigue")
    missing = admin_client.get("/admin/articles/article/", {"spanish": "no"}).text
    assert english_only.title_en in missing and bilingual.title_en not in missing
    found = admin_client.get("/admin/articles/article/", {"q": "yoga"}).text
    assert bilingual.title_en in found and english_only.title_en not in found
    assert "By status" in admin_client.get("/admin/articles/article/").text


def test_an_editor_can_publish_a_bilingual_article(admin_client, make_topic):
    topic = make_topic()
    response = admin_client.post(
        "/admin/articles/article/add/",
        {
            "title_en": "New study",
            "slug_en": "new-study",
            "summary_en": "What it found.",
            "body_en": "The *body*.",
            "title_es": "Nuevo estudio",
            "slug_es": "nuevo-estudio",
            "summary_es": "Lo que encontró.",
            "body_es": "El *texto*.",
            "meta_description_en": "What the study found.",
            "meta_description_es": "Lo que encontró el estudio.",
            "status": "published",
            "published_at_0": "2024-01-02",
            "published_at_1": "10:00:00",
            "topics": [topic.pk],
        }
        | RESEARCH_FORM
        | NO_NOTES,
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Nuevo estudio" in admin_client.get("/es/noticias/nuevo-estudio/").text


def test_leaving_the_spanish_slug_empty_stores_null(admin_client):
    for n in (1, 2):
        response = admin_client.post(
            "/admin/articles/article/add/",
            {
                "title_en": f"Study {n}",
                "slug_en": f"study-{n}",
                "summary_en": "Summary",
                "body_en": "Body",
                "title_es": "",
                "slug_es": "",
                "summary_es": "",
                "body_es": "",
                "status": "draft",
                "published_at_0": "2024-01-02",
                "published_at_1": "10:00:00",
            }
            | RESEARCH_FORM
            | NO_NOTES,
        )
        assert response.status_code == 302
    assert admin_client.get("/admin/articles/article/", {"spanish": "no"}).text.count("Study ") >= 2


def test_topic_admin_has_both_languages(admin_client):
    html = admin_client.get("/admin/articles/topic/add/").text
    assert 'name="name_es"' in html and 'name="slug_es"' in html
