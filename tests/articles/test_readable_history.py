"""A history people can read: one line per field, labels, word-level diffs, one entry per
save, reverts named, and the translation status recomputed after a revert."""

import pytest

from articles.models import Article
from tests.helpers import NO_NOTES, research_form_of, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.display_name = "Edna Editor"
    admin_user.save()
    client.force_login(admin_user)
    return client


def change_form(article, **changes):
    return (
        {
            "title_en": article.title_en,
            "slug_en": article.slug_en,
            "summary_en": article.summary_en,
            "body_en": article.body_en,
            "title_es": article.title_es or "",
            "slug_es": article.slug_es or "",
            "summary_es": article.summary_es or "",
            "body_es": article.body_es or "",
            "status": article.status,
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
            "topics": [topic.pk for topic in article.topics.all()],
        }
        | research_form_of(article)
        | NO_NOTES
        | changes
    )


def history(client, article, language="en"):
    html = client.get(
        f"/admin/articles/article/{article.pk}/history/", headers={"accept-language": language}
    ).text
    return html, visible_text(html, language)


def edit(client, article, **changes):
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, **changes)
    )
    assert response.status_code == 302
    article.refresh_from_db()


def test_a_change_is_one_line_per_field_with_both_languages_word_by_word(
    admin_client, make_article
):
    article = make_article(body_en="Walking helps most patients after surgery.")
    changes = {"body_en": "Walking helps many patients after surgery.", "body_es": "Caminar ayuda."}
    edit(admin_client, article, status="draft", **changes)
    html, text = history(admin_client, article)
    assert text.count("Body") == 1 and "Body [en]" not in text
    assert "<del>most</del>" in html and "<ins>many</ins>" in html
    assert "English:" in text and "Spanish:" in text
    assert "Published → Draft" in text and "published → draft" not in text
    assert "Change reason" not in text and "None" not in text
    assert "Edna Editor" in text
    assert "/admin/accounts/user/" not in html  # no link to a page an editor cannot open


def test_a_long_text_is_cut_at_words_not_inside_them(admin_client, make_article):
    long = " ".join(f"word{n}" for n in range(200))
    article = make_article(body_en=long)
    edit(admin_client, article, body_en=long.replace("word100 ", "changed "))
    html, text = history(admin_client, article)
    assert "chars]" not in text
    assert "<del>word100</del>" in html
    assert "word92 " in text and "word108" in text and "word50 " not in text


def test_a_save_that_changed_nothing_has_no_entry(admin_client, make_article, make_topic):
    article = make_article(topics=[make_topic()])
    _html, before = history(admin_client, article)
    edit(admin_client, article)
    _html, after = history(admin_client, article)
    assert after.count("Changed") == before.count("Changed")


def test_a_creation_with_topics_is_one_entry(admin_client, make_topic):
    topic = make_topic()
    response = admin_client.post(
        "/admin/articles/article/add/",
        {
            "title_en": "New study",
            "slug_en": "new-study",
            "summary_en": "What it found.",
            "body_en": "The body.",
            "status": "draft",
            "published_at_0": "2026-01-02",
            "published_at_1": "10:00:00",
            "topics": [topic.pk],
            "kind": "research",
        }
        | NO_NOTES,
    )
    assert response.status_code == 302
    article = Article.objects.get(slug_en="new-study")
    _html, text = history(admin_client, article)
    assert text.count("Created") == 1 and "Changed" not in text


def test_a_revert_is_recorded_as_one_and_brings_the_spanish_back_up_to_date(
    admin_client, make_article
):
    article = make_article()
    # The Spanish is brought up to date with the English...
    edit(admin_client, article, body_es="Traducción al día.")
    translated = article.history.latest()
    assert article.spanish_status == "current"
    # ...then the English changes, and is reverted to what the Spanish was made from.
    edit(admin_client, article, body_en="An English change.")
    assert article.spanish_status == "out of date"
    url = f"/admin/articles/article/{article.pk}/history/{translated.history_id}/"
    response = admin_client.post(url, change_form(article, body_en=translated.body_en))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == translated.body_en
    assert article.spanish_status == "current"
    _html, text = history(admin_client, article)
    assert text.count("Reverted to the version of") == 1


def test_the_revert_page_has_working_breadcrumbs(admin_client, make_article):
    article = make_article()
    edit(admin_client, article, title_en="Second")
    first = article.history.earliest("history_date")
    html = admin_client.get(f"/admin/articles/article/{article.pk}/history/{first.pk}/").text
    text = visible_text(html, "en")
    assert "Historical" not in text
    for link in (
        'href="/admin/articles/"',
        'href="/admin/articles/article/"',
        f'href="/admin/articles/article/{article.pk}/change/"',
        f'href="/admin/articles/article/{article.pk}/history/"',
    ):
        assert link in html


def test_the_spanish_history_is_in_spanish(admin_client, admin_user, make_article):
    article = make_article()
    edit(admin_client, article, status="draft")
    admin_user.preferred_language = "es"
    admin_user.save()
    _html, text = history(admin_client, article, "es")
    assert "Publicado → Borrador" in text
    assert "Historial" in text and "History" not in text
