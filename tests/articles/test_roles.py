"""Editors do the whole job and nothing more; translators change the Spanish only."""

import re

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Page, Promo, Topic
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db


def test_the_groups_exist_without_any_power_over_people():
    for name in ("Editors", "Translators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert codenames, name
        assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {
        "change_article",
        "add_promo",
        "view_helpfulnessvote",
        "view_historicalarticle",
    } <= editors
    # Articles are archived, not deleted: deleting would erase readers' favorites and votes.
    assert "delete_article" not in editors


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def test_an_editor_writes_previews_and_publishes_an_article(editor_client, make_topic):
    topic = make_topic()
    response = editor_client.post(
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
            "status": "draft",
            "published_at_0": "2024-01-02",
            "published_at_1": "10:00:00",
            "topics": [topic.pk],
        }
        | RESEARCH_FORM
        | NO_NOTES,
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug_en="new-study")
    assert editor_client.get("/en/news/new-study/preview/").status_code == 200
    assert editor_client.get("/en/news/new-study/").status_code == 404

    editor_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]}
    )
    assert "Nuevo estudio" in editor_client.get("/es/noticias/nuevo-estudio/").text
    change = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert change.status_code == 200 and 'name="title_en"' in change.text


def test_an_editor_creates_topics_pages_and_promos(editor_client):
    forms = {
        "topic": {"name_en": "Prevention", "slug_en": "prevention"},
        "page": {
            "title_en": "Clinical trials",
            "slug_en": "clinical-trials",
            "body_en": "What a trial is.",
            "status": "published",
            "published_at_0": "2024-01-02",
            "published_at_1": "10:00:00",
        },
        "promo": {
            "slot": "article_end",
            "campaign": "spring",
            "headline_en": "Help us",
            "link_text_en": "Donate",
            "url_en": "https://give.example.org/",
            "starts_at_0": "2024-01-02",
            "starts_at_1": "10:00:00",
        },
    }
    for model, data in forms.items():
        response = editor_client.post(f"/admin/articles/{model}/add/", data)
        assert response.status_code == 302, (model, response.context["adminform"].form.errors)
    assert Topic.objects.filter(slug_en="prevention").exists()
    assert editor_client.get("/en/pages/clinical-trials/").status_code == 200
    assert Promo.objects.get(campaign="spring").headline_en == "Help us"
    for model in forms:
        assert editor_client.get(f"/admin/articles/{model}/").status_code == 200


def test_an_editor_sees_readers_feedback(editor_client, make_article):
    article = make_article()
    assert editor_client.get("/admin/feedback/helpfulnessvote/").status_code == 200
    report = editor_client.get(f"/admin/articles/article/{article.pk}/feedback/")
    assert report.status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/admin/accounts/user/", "/admin/auth/group/", "/admin/accounts/user/add/"],
)
def test_an_editor_cannot_manage_people(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_an_editor_archives_but_cannot_delete_an_article(editor_client, make_article):
    article = make_article()
    assert editor_client.get(f"/admin/articles/article/{article.pk}/delete/").status_code == 403
    editor_client.post(
        "/admin/articles/article/", {"action": "archive", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED


def test_the_admin_home_shows_an_editor_only_the_newsroom(editor_client):
    text = visible_text(editor_client.get("/admin/").text, "en")
    assert "Articles" in text and "Promos" in text and "Helpfulness votes" in text
    assert "Users" not in text and "Groups" not in text


# Translators


def translation_form(article, **changes):
    return {
        "title_es": "Título traducido",
        "slug_es": "titulo-traducido",
        "summary_es": "Resumen.",
        "body_es": "Texto en *español*.",
        "meta_description_es": "",
        "reviewer_credentials_es": "",
        "study_population_es": "",
        "what_it_means_es": "Es pronto para cambiar el tratamiento.",
        **NO_NOTES,
        # A translator's browser could send these; they must be ignored.
        "title_en": "Changed by a translator",
        "body_en": "Changed",
        "status": "archived",
    } | changes


def test_a_translator_changes_the_spanish_and_nothing_else(translator_client, make_article):
    article = make_article(spanish=False)
    form = translator_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert 'name="title_es"' in form and 'name="body_es"' in form
    assert 'name="title_en"' not in form and 'name="body_en"' not in form
    assert 'name="status"' not in form and 'name="published_at_0"' not in form
    assert article.title_en in form  # shown, read-only

    response = translator_client.post(
        f"/admin/articles/article/{article.pk}/change/", translation_form(article)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title_es == "Título traducido"
    assert article.title_en != "Changed by a translator"
    assert article.status == Article.Status.PUBLISHED


def test_a_translator_cannot_add_delete_or_publish(translator_client, make_article):
    draft = make_article(status="draft")
    assert translator_client.get("/admin/articles/article/add/").status_code == 403
    assert translator_client.get(f"/admin/articles/article/{draft.pk}/delete/").status_code == 403
    translator_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    changelist = translator_client.get("/admin/articles/article/").text
    assert 'value="publish"' not in changelist


@pytest.mark.parametrize("model", ["topic", "page", "promo"])
def test_a_translator_has_only_the_spanish_fields_of_every_model(
    translator_client, make_topic, make_page, make_promo, model
):
    obj = {"topic": make_topic, "page": make_page, "promo": make_promo}[model](spanish=False)
    html = translator_client.get(f"/admin/articles/{model}/{obj.pk}/change/").text
    fields = set(re.findall(r'<(?:input|textarea|select)[^>]* name="([a-z_]+)"', html))
    # "next" belongs to the language switch in the header, not to the item's form.
    editable = fields - {"csrfmiddlewaretoken", "_save", "_continue", "next"}
    assert editable and all(name.endswith("_es") for name in editable), editable


def test_a_translator_cannot_change_where_a_spanish_promo_sends_readers(
    translator_client, make_promo
):
    promo = make_promo()
    url = f"/admin/articles/promo/{promo.pk}/change/"
    form = translator_client.get(url).text
    assert 'name="headline_es"' in form and 'name="url_es"' not in form
    response = translator_client.post(
        url,
        {
            "headline_es": "Campaña traducida",
            "link_text_es": "Done",
            "text_es": "",
            "url_es": "https://evil.example/donar",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    promo.refresh_from_db()
    assert promo.headline_es == "Campaña traducida"
    assert promo.url_es.startswith("https://give.example.org/es/")


def test_a_translator_cannot_revert_history(translator_client, make_article):
    article = make_article()
    article.title_en = "Second version"
    article.save()
    first = article.history.last()
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    page = translator_client.get(url)
    assert page.status_code == 200 and "Revert" not in visible_text(page.text, "en")
    assert translator_client.post(url, {"title_es": "x"}).status_code == 403
    article.refresh_from_db()
    assert article.title_en == "Second version"


def test_a_translator_page_edit_keeps_the_page_status(translator_client, make_page):
    page = make_page(spanish=False, status="draft")
    response = translator_client.post(
        f"/admin/articles/page/{page.pk}/change/",
        {"title_es": "Ensayos", "slug_es": "ensayos", "body_es": "Texto.", "status": "published"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_es == "Ensayos" and page.status == Page.Status.DRAFT
