import pytest
from django.core.management import call_command

from articles.models import Article, Topic

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


def test_loading_the_demo_twice_adds_nothing(capsys):
    call_command("load_demo")
    counts = Article.objects.count(), Topic.objects.count()
    call_command("load_demo")
    assert (Article.objects.count(), Topic.objects.count()) == counts
    assert "0 articles added" in capsys.readouterr().out


def test_loading_the_demo_keeps_an_editors_changes():
    call_command("load_demo")
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(title_en="Edited by an editor")
    call_command("load_demo")
    assert Article.objects.get(pk=article.pk).title_en == "Edited by an editor"
