"""Issue 17, part 2: dated corrections, updates and clarifications, in both languages."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleNote
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def moment(day):
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


@pytest.fixture
def make_note():
    def make_note(article, kind="correction", day="2024-03-04", spanish=True, **fields):
        texts = {"text_en": f"A {kind} of {day}."}
        if spanish:
            texts["text_es"] = f"Una nota ({kind}) del {day}."
        return ArticleNote.objects.create(
            article=article, kind=kind, noted_at=moment(day), **texts | fields
        )

    return make_note


def test_a_correction_shows_at_the_top_and_every_note_at_the_end_newest_first(
    client, make_article, make_note
):
    article = make_article()
    make_note(article, "correction", "2024-03-04")
    make_note(article, "update", "2024-05-06")
    make_note(article, "clarification", "2024-01-02")
    html = client.get(article.url_in("en")).text
    text = visible_text(html, "en")
    assert "Corrected on March 4, 2024. Read the correction" in text
    assert html.index("Corrected on") < html.index('class="prose"') < html.index('id="notes"')
    notes = text[text.index("Corrections and updates") :]
    assert notes.index("Update, May 6, 2024") < notes.index("Correction, March 4, 2024")
    assert notes.index("Correction, March 4, 2024") < notes.index("Clarification, Jan. 2, 2024")


def test_the_notes_are_in_spanish_on_the_spanish_page(client, make_article, make_note):
    article = make_article()
    make_note(article, "correction", "2024-03-04")
    text = visible_text(client.get(article.url_in("es")).text, "es")
    assert "Corregido el 4 de marzo de 2024. Leer la corrección" in text
    assert "Correcciones y actualizaciones Corrección, 4 de marzo de 2024" in text
    assert "Una nota (correction) del 2024-03-04." in text


def test_a_note_without_spanish_shows_in_english_and_marks_the_spanish_out_of_date(
    client, admin_client, make_article, make_note
):
    article = make_article()
    assert article.spanish_status == "current"
    make_note(article, "update", spanish=False)
    html = client.get(article.url_in("es")).text
    assert '<p lang="en">A update of 2024-03-04.</p>' in html
    assert "Actualización, 4 de marzo de 2024 En inglés" in visible_text(html, "es")
    assert Article.objects.get(pk=article.pk).spanish_status == "out of date"
    assert list(Article.objects.spanish_out_of_date()) == [article]
    listed = admin_client.get("/admin/articles/article/", {"spanish": "outdated"}).text
    assert article.title_en in listed


def test_without_a_correction_there_is_no_corrected_notice(client, make_article, make_note):
    article = make_article()
    make_note(article, "update")
    html = client.get(article.url_in("en")).text
    assert "Corrected on" not in html and 'id="notes"' in html
    assert 'id="notes"' not in client.get(make_article().url_in("en")).text


def test_lists_say_when_an_article_was_updated(client, make_article, make_topic, make_note):
    topic = make_topic()
    article = make_article(topics=[topic])
    make_note(article, "update", "2024-05-06")
    for url in ("/en/news/", topic.url_in("en"), "/en/search/?q=study", "/en/"):
        assert "Updated May 6, 2024" in visible_text(client.get(url).text, "en"), url
    assert "Actualizado el 6 de mayo de 2024" in visible_text(
        client.get("/es/noticias/").text, "es"
    )


def test_the_feed_and_structured_data_follow_the_notes(client, make_article, make_note):
    article = make_article(published_at=moment("2023-01-01"))
    Article.objects.filter(pk=article.pk).update(updated_at=moment("2024-01-01"))
    make_note(article, "correction", "2024-03-04")
    make_note(article, "update", "2024-05-06")
    html = client.get(article.url_in("es")).text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["dateModified"].startswith("2024-05-06")
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Una nota (correction) del 2024-03-04.",
            "datePublished": "2024-03-04T12:00:00+00:00",
        }
    ]
    feed = ET.fromstring(client.get("/en/feed/").content).find("channel")
    assert feed.findtext("lastBuildDate") == "Mon, 06 May 2024 12:00:00 +0000"


def test_the_corrections_page_lists_notes_newest_first_in_each_language(
    client, make_article, make_note
):
    bilingual, english_only = make_article(), make_article(spanish=False)
    draft = make_article(status=Article.Status.DRAFT)
    make_note(bilingual, "correction", "2024-03-04")
    make_note(english_only, "update", "2024-05-06")
    make_note(draft, "update", "2024-06-01")
    english = visible_text(client.get("/en/corrections/").text, "en")
    assert english.index(english_only.title_en) < english.index(bilingual.title_en)
    assert draft.title_en not in english
    spanish = client.get("/es/correcciones/")
    assert spanish.status_code == 200
    text = visible_text(spanish.text, "es")
    assert "Correcciones y actualizaciones" in text and bilingual.title_es in text
    assert english_only.title_en not in spanish.text
    assert f'href="{bilingual.url_in("es")}#note-' in spanish.text


def test_the_corrections_page_is_paginated(client, make_article, make_note):
    article = make_article()
    for day in range(1, 26):
        make_note(article, "update", f"2024-01-{day:02d}")
    first = client.get("/en/corrections/").text
    assert first.count('class="note note--update"') == 20
    assert "Jan. 25, 2024" in first and 'href="?page=2"' in first
    second = client.get("/en/corrections/?page=2").text
    assert second.count('class="note note--update"') == 5
    assert client.get("/en/corrections/?page=nonsense").status_code == 200


def test_the_corrections_page_is_in_the_sitemap_in_both_languages(client):
    urls = [
        url.findtext(f"{SITEMAP}loc") for url in ET.fromstring(client.get("/sitemap.xml").content)
    ]
    assert "http://testserver/en/corrections/" in urls
    assert "http://testserver/es/correcciones/" in urls


def notes_form(*notes):
    data = {"notes-TOTAL_FORMS": str(len(notes)), "notes-INITIAL_FORMS": "0"}
    for i, note in enumerate(notes):
        data |= {f"notes-{i}-{name}": value for name, value in note.items()}
    return data


def change_form(article, **changes):
    return {
        "title_en": article.title_en, "slug_en": article.slug_en,
        "summary_en": article.summary_en, "body_en": article.body_en,
        "title_es": article.title_es, "slug_es": article.slug_es,
        "summary_es": article.summary_es, "body_es": article.body_es,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
    } | RESEARCH_FORM | NO_NOTES | changes  # fmt: skip


def test_an_editor_adds_a_note_and_it_is_in_the_articles_history(
    admin_client, make_article, editor, client
):
    article = make_article()
    client.force_login(editor)
    note = {
        "kind": "correction",
        "noted_at_0": "2024-03-04",
        "noted_at_1": "09:00:00",
        "text_en": "We said 30 women; it was 300.",
        "text_es": "Dijimos 30 mujeres; eran 300.",
    }
    entries = article.history.count()
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article) | notes_form(note)
    )
    assert response.status_code == 302
    assert article.history.count() == entries + 1  # an entry of its own
    saved = article.notes.get()
    assert saved.text_es == "Dijimos 30 mujeres; eran 300."
    article.refresh_from_db()
    assert article.last_noted_at == saved.noted_at
    latest = article.history.order_by("-history_date").first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Correction 2024-03-04 added"
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert "Correction 2024-03-04 added" in history.text


def test_a_translator_writes_a_notes_spanish_and_nothing_else(client, translator, make_article):
    article = make_article()
    note = ArticleNote.objects.create(article=article, kind="update", text_en="New results.")
    client.force_login(translator)
    form = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert 'name="notes-0-text_es"' in form
    assert 'name="notes-0-text_en"' not in form and 'name="notes-0-kind"' not in form
    assert 'name="notes-0-DELETE"' not in form
    data = {
        "title_es": article.title_es, "slug_es": article.slug_es,
        "summary_es": article.summary_es, "body_es": article.body_es,
        "what_it_means_es": article.what_it_means_es,
        "notes-TOTAL_FORMS": "2", "notes-INITIAL_FORMS": "1",
        "notes-0-id": note.pk, "notes-0-article": article.pk,
        "notes-0-text_es": "Nuevos resultados.", "notes-0-text_en": "Changed by a translator",
        "notes-0-DELETE": "on",
        "notes-1-kind": "correction", "notes-1-text_en": "Added by a translator",
        "notes-1-noted_at_0": "2024-01-01", "notes-1-noted_at_1": "10:00:00",
    }  # fmt: skip
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text_es == "Nuevos resultados." and note.text_en == "New results."
    assert article.notes.count() == 1
    assert Article.objects.get(pk=article.pk).spanish_status == "current"


def test_the_newest_note_date_follows_adding_and_removing_notes(make_article, make_note):
    article = make_article()
    older = make_note(article, day="2024-01-01")
    newer = make_note(article, day="2024-02-01")
    assert Article.objects.get(pk=article.pk).last_noted_at == newer.noted_at
    newer.delete()
    assert Article.objects.get(pk=article.pk).last_noted_at == older.noted_at
    older.delete()
    assert Article.objects.get(pk=article.pk).last_noted_at is None


@pytest.mark.django_db(transaction=True)
def test_a_new_note_shows_at_once_with_the_page_cache_on(
    client, page_cache_on, make_article, make_note
):
    article = make_article()
    assert "Corrected on" not in client.get(article.url_in("en")).text
    make_note(article, "correction", day=(timezone.now() - timedelta(hours=1)).date().isoformat())
    assert "Corrected on" in client.get(article.url_in("en")).text


def test_the_article_says_it_was_updated_on_its_newest_note(client, make_article, make_note):
    article = make_article(published_at=moment("2023-01-01"))
    Article.objects.filter(pk=article.pk).update(updated_at=moment("2023-01-01"))
    make_note(article, "update", "2024-05-06")
    text = visible_text(client.get(article.url_in("en")).text, "en")
    assert "Published Jan. 1, 2023 · Updated May 6, 2024" in text
