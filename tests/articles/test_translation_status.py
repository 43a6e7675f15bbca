"""Which translations are missing or out of date: the English edited after the Spanish."""

import pytest

from articles.models import Article, Topic
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db


def test_editing_the_english_puts_the_spanish_out_of_date(make_article):
    article = make_article()
    assert article.english_edited_at == article.spanish_edited_at
    assert article.spanish_status == "current"

    article.body_en = "A corrected English body."
    article.save()
    assert article.spanish_status == "out of date"
    assert list(Article.objects.spanish_out_of_date()) == [article]

    article.body_es = "El texto en español, corregido también."
    article.save()
    assert article.spanish_status == "current"
    assert not Article.objects.spanish_out_of_date().exists()


def test_saving_without_changing_the_text_changes_nothing(make_article):
    article = make_article()
    stamps = article.english_edited_at, article.spanish_edited_at
    article.status = Article.Status.ARCHIVED
    article.save()
    assert (article.english_edited_at, article.spanish_edited_at) == stamps


def test_an_article_without_spanish_is_missing_not_out_of_date(make_article):
    article = make_article(spanish=False)
    article.title_en = "Edited"
    article.save()
    assert article.spanish_status == "missing"
    assert not Article.objects.spanish_out_of_date().exists()


def test_topics_are_tracked_too(make_topic):
    topic = make_topic()
    topic.description_en = "New English description."
    topic.save()
    assert list(Topic.objects.spanish_out_of_date()) == [topic]


def test_the_article_list_shows_and_filters_the_translation_status(admin_client, make_article):
    current = make_article(title_en="Current study")
    outdated = make_article(title_en="Outdated study")
    outdated.summary_en = "A new English summary."
    outdated.save()
    missing = make_article(spanish=False, title_en="English-only study")

    text = visible_text(admin_client.get("/admin/articles/article/").text, "en")
    assert "Up to date" in text and "Out of date" in text and "Missing" in text

    def listed(value):
        html = admin_client.get("/admin/articles/article/", {"spanish": value}).text
        return {a.title_en for a in (current, outdated, missing) if a.title_en in html}

    assert listed("outdated") == {"Outdated study"}
    assert listed("no") == {"English-only study"}
    assert listed("yes") == {"Current study", "Outdated study"}


def test_a_translator_brings_the_spanish_up_to_date_in_the_admin(client, translator, make_article):
    article = make_article()
    article.body_en = "Corrected."
    article.save()
    client.force_login(translator)
    client.post(
        f"/admin/articles/article/{article.pk}/change/",
        {
            "title_es": article.title_es,
            "slug_es": article.slug_es,
            "summary_es": article.summary_es,
            "body_es": "Corregido.",
            "what_it_means_es": RESEARCH_FORM["what_it_means_es"],
        }
        | NO_NOTES,
    )
    article.refresh_from_db()
    assert article.body_es == "Corregido." and article.spanish_status == "current"
