"""Issue 17, part 1: "What this research means" on every research article."""

import json
import re

import pytest
from django.utils import translation

from articles.models import Article
from tests.helpers import NO_NOTES, RESEARCH_FORM, visible_text

pytestmark = pytest.mark.django_db


def box(html):
    found = re.search(r'<section class="research-box".*?</section>', html, re.S)
    assert found, "no research box"
    return found.group(0)


def test_the_box_says_the_stage_in_words_and_where_it_sits_among_the_six(client, make_article):
    article = make_article(
        research_stage=Article.Stage.LABORATORY,
        study_population_en="Mice and cells grown in the laboratory",
        participants=None,
    )
    html = client.get(article.url_in("en")).text
    text = visible_text(box(html), "en")
    assert "What this research means" in text
    assert "Laboratory or animal study" in text
    assert "Stage 1 of 6, from the laboratory to everyday care" in text
    assert "Who was studied Mice and cells grown in the laboratory" in text
    assert "How many people" not in text
    assert f"What it means for you now {article.what_it_means_en}" in text
    # Near the top: before the article's text.
    assert html.index('class="research-box"') < html.index('class="prose"')


def test_the_stage_is_marked_as_the_current_step_for_screen_readers(client, make_article):
    article = make_article(research_stage=Article.Stage.REVIEW)
    html = box(client.get(article.url_in("en")).text)
    steps = re.findall(r'<li class="stages__step.*?</li>', html)
    assert len(steps) == 6
    current = [step for step in steps if 'aria-current="step"' in step]
    assert len(current) == 1 and "Review of studies" in current[0] and "(this study)" in current[0]
    assert steps.index(current[0]) == 4


def test_each_stage_links_to_the_page_that_explains_the_stages_in_the_readers_language(
    client, make_article
):
    article = make_article()
    for language, path in (
        ("en", "/en/pages/stages-of-research/"),
        ("es", "/es/paginas/etapas-de-la-investigacion/"),
    ):
        html = box(client.get(article.url_in(language)).text)
        assert html.count(f'href="{path}"') == 7  # the six steps and "how research moves"
        page = client.get(path)
        assert page.status_code == 200
    assert "Ensayo clínico grande (fase 3)" in page.text


def test_the_box_is_in_spanish_on_the_spanish_page(client, make_article):
    article = make_article(participants=1200)
    text = visible_text(box(client.get(article.url_in("es")).text), "es")
    assert "Qué significa esta investigación" in text
    assert "Ensayo clínico grande (fase 3)" in text
    assert "Etapa 3 de 6" in text
    assert f"A quién se estudió {article.study_population_es}" in text
    assert "Cuántas personas 1 200" in text  # a non-breaking space between thousands
    assert article.what_it_means_es in text


def test_other_news_has_no_box_and_no_stage(client, make_article):
    article = make_article(kind=Article.Kind.OTHER, research_stage="")
    assert 'class="research-box"' not in client.get(article.url_in("en")).text
    assert 'class="stage-label"' not in client.get("/en/news/").text


def test_lists_topics_and_search_show_a_short_stage_label(client, make_article, make_topic):
    topic = make_topic()
    make_article(research_stage=Article.Stage.LABORATORY, topics=[topic], title_en="Mouse study")
    make_article(research_stage=Article.Stage.OBSERVATIONAL, topics=[topic])
    for url in ("/en/news/", topic.url_in("en"), "/en/search/?q=study"):
        text = visible_text(client.get(url).text, "en")
        assert "Stage of the research: Lab or animal study" in text, url
        assert "Stage of the research: Observational study" in text, url
    text = visible_text(client.get("/es/noticias/").text, "es")
    assert "Laboratorio o animales" in text and "Estudio observacional" in text


def test_research_in_people_only_leaves_out_laboratory_studies_and_other_news(
    client, make_article, make_topic
):
    topic = make_topic()
    mice = make_article(research_stage=Article.Stage.LABORATORY, topics=[topic])
    people = make_article(research_stage=Article.Stage.EARLY, topics=[topic])
    news = make_article(kind=Article.Kind.OTHER, research_stage="", topics=[topic])
    topic_url = topic.url_in("en")
    for url in ("/en/news/?people=1", f"{topic_url}?people=1", "/en/search/?q=study&people=1"):
        html = client.get(url).text
        assert people.title_en in html, url
        assert mice.title_en not in html and news.title_en not in html, url
    everything = client.get("/en/news/").text
    assert all(a.title_en in everything for a in (mice, people, news))


def test_the_filter_is_a_pair_of_links_that_says_which_is_on(client, make_article):
    make_article()
    html = client.get("/en/news/?people=1").text
    assert '<a href="/en/news/?people=1" aria-current="page">Research in people only</a>' in html
    assert '<a href="/en/news/">All articles</a>' in html
    spanish = client.get("/es/buscar/?q=estudio").text
    assert 'href="?q=estudio&amp;people=1">Solo investigación en personas</a>' in spanish


def test_the_filter_is_kept_from_page_to_page(client, make_article):
    for _ in range(12):
        make_article()
    html = client.get("/en/news/?people=1").text
    assert 'href="?people=1&amp;page=2"' in html


def test_the_structured_data_names_the_study_and_its_population(client, make_article):
    article = make_article(
        research_stage=Article.Stage.TRIAL,
        study_population_en="3,864 women after the menopause",
        paper_title="Anastrozole for prevention",
    )
    html = client.get(article.url_in("en")).text
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    data = json.loads(script.group(1))
    assert data["citation"]["@type"] == "MedicalScholarlyArticle"
    assert data["citation"]["publicationType"] == "Clinical Trial, Phase III"
    assert data["citation"]["about"] == {
        "@type": "MedicalTrial",
        "phase": "Phase 3",
        "population": "3,864 women after the menopause",
    }


def form(**fields):
    return {
        "title_en": "New study",
        "slug_en": "new-study",
        "summary_en": "What it found.",
        "body_en": "The *body*.",
        "status": "published",
        "published_at_0": "2024-01-02",
        "published_at_1": "10:00:00",
        "publish_anyway": "on",  # past the quality check, which only warns
    } | RESEARCH_FORM | NO_NOTES | fields  # fmt: skip


def test_a_research_article_is_not_published_without_its_stage_and_meaning(admin_client):
    response = admin_client.post(
        "/admin/articles/article/add/", form(research_stage="", what_it_means_en="")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["research_stage"] == [
        "Choose the stage of the research: readers need it before it is published."
    ]
    assert errors["what_it_means_en"] == [
        "Write what it means for readers now, in English, before publishing."
    ]
    assert not Article.objects.exists()


def test_a_published_spanish_version_needs_its_own_meaning(admin_client):
    spanish = {
        "title_es": "Nuevo estudio",
        "slug_es": "nuevo-estudio",
        "summary_es": "Lo que encontró.",
        "body_es": "El *texto*.",
    }
    response = admin_client.post(
        "/admin/articles/article/add/", form(**spanish, what_it_means_es="")
    )
    assert "what_it_means_es" in response.context["adminform"].form.errors
    assert not Article.objects.exists()
    # English only: the Spanish meaning is not needed yet.
    response = admin_client.post("/admin/articles/article/add/", form(what_it_means_es=""))
    assert response.status_code == 302


def test_the_message_is_in_spanish_for_editors_who_work_in_spanish(make_article):
    article = make_article(status="published", research_stage="", what_it_means_en="")
    with translation.override("es"):
        problems = {
            field: str(message) for field, message in article.publication_problems().items()
        }
    assert problems["research_stage"].startswith("Elija la etapa de la investigación")
    assert problems["what_it_means_en"].startswith("Escriba qué significa ahora")


def test_drafts_and_other_news_need_no_stage(admin_client):
    draft = form(status="draft", research_stage="", what_it_means_en="")
    assert admin_client.post("/admin/articles/article/add/", draft).status_code == 302
    news = form(slug_en="news", kind="other", research_stage="", what_it_means_en="")
    assert admin_client.post("/admin/articles/article/add/", news).status_code == 302


def test_the_publish_action_leaves_an_article_without_its_stage_unpublished(
    admin_client, make_article
):
    ready = make_article(status="in_review")
    lacking = make_article(status="in_review", research_stage="", title_en="Half-done study")
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [ready.pk, lacking.pk]},
        follow=True,
    )
    assert "1 item published." in response.text
    assert "Not published, because the stage of the research" in response.text
    assert "Half-done study" in response.text
    lacking.refresh_from_db()
    ready.refresh_from_db()
    assert lacking.status == "in_review" and ready.status == "published"
