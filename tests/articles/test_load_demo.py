import pytest
from django.core.management import call_command

from articles.models import Article, Page, Promo, Topic

pytestmark = pytest.mark.django_db


def test_demo_content_is_a_real_bilingual_product(client):
    call_command("load_demo")
    published = Article.objects.published()
    assert published.count() >= 8
    assert Topic.objects.in_language("es").count() >= 3
    assert published.in_language("es").count() >= published.count() - 2
    assert published.count() - published.in_language("es").count() >= 2
    assert not published.filter(journal="").exists()

    her2 = published.get(journal="Cancer Research", paper_published_on="2013-02-26")
    assert "her2" in her2.paper_title.lower() and "trastuzumab" in her2.paper_title.lower()
    assert client.get(her2.url_in("en")).status_code == 200
    spanish = client.get(her2.url_in("es"))
    assert "Publicado el" in spanish.text and "Herceptin" in spanish.text


def test_every_demo_article_says_what_its_research_means_in_each_of_its_languages():
    call_command("load_demo")
    for article in Article.objects.published():
        assert article.is_research and article.research_stage, article
        assert article.study_population_en and article.what_it_means_en, article
        if "es" in article.languages:
            assert article.study_population_es and article.what_it_means_es, article
        assert article.publication_problems() == {}, article


def test_the_demo_seed_study_is_a_laboratory_study_in_mice_with_a_correction():
    call_command("load_demo")
    her2 = Article.objects.get(journal="Cancer Research")
    assert her2.research_stage == Article.Stage.LABORATORY
    assert "mice" in her2.study_population_en.lower()
    assert "ratones" in her2.study_population_es.lower()
    assert her2.participants is None
    assert "not a reason to take Herceptin" in her2.what_it_means_en
    assert "HER2-negative" in her2.what_it_means_en
    assert [note.kind for note in her2.notes.all()] == ["update", "correction"]
    assert her2.last_noted_at == her2.notes.first().noted_at
    assert all(note.text_es for note in her2.notes.all())


def test_loading_the_demo_twice_adds_nothing(capsys):
    call_command("load_demo")
    models = (Article, Topic, Page, Promo)
    counts = [model.objects.count() for model in models]
    call_command("load_demo")
    assert [model.objects.count() for model in models] == counts
    assert "0 articles added" in capsys.readouterr().out


def test_loading_the_demo_keeps_an_editors_changes():
    call_command("load_demo")
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(title_en="Edited by an editor")
    call_command("load_demo")
    assert Article.objects.get(pk=article.pk).title_en == "Edited by an editor"


def test_the_demo_has_the_editors_pages_and_a_running_promo_in_both_languages(client):
    call_command("load_demo")
    pages = Page.objects.published().in_language("es")
    assert set(pages.values_list("slug_en", flat=True)) == {
        "how-we-report-research",
        "clinical-trials",
        "stages-of-research",  # every site's, from migration 0010
    }
    reporting = client.get("/es/paginas/como-informamos-sobre-la-investigacion/").text
    assert "revisión por pares" in reporting
    assert "Clinical trials" in client.get("/en/").text

    article = Article.objects.published().in_language("es").first()
    for language in ("en", "es"):
        promo = Promo.objects.active(Promo.Slot.ARTICLE_END).in_language(language).first()
        assert promo is not None and promo.campaign == "springappeal"
        assert getattr(promo, f"headline_{language}") in client.get(article.url_in(language)).text
    assert Promo.objects.active(Promo.Slot.HOME_SIDEBAR).in_language("es").exists()
