"""The Nu Html Checker (vnu) finds no error in the pages of issue 17, in both languages.

vnu.jar comes from npm's vnu-jar (.ci/run installs it in .vnu/) and needs Java; without
them these tests skip, unless NEWSROOM_REQUIRE_BROWSER is set, as in CI.
"""

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Favorite, User
from articles.models import Article, ArticleNote
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("NEWSROOM_VNU_JAR")
    or Path(__file__).resolve().parent.parent / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)


@pytest.fixture(scope="session")
def vnu():
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"the Nu Html Checker needs java and {VNU_JAR}")
        pytest.skip("the Nu Html Checker is not installed (.ci/run installs it)")

    def errors(pages, folder):
        """{page name: the checker's errors}, every page checked in one run of the jar."""
        paths = {}
        for name, html in pages.items():
            paths[name] = folder / f"{name}.html"
            paths[name].write_text(html, encoding="utf-8")
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", *map(str, paths.values())],
            capture_output=True,
            text=True,
            timeout=300,
        )
        found = {name: [] for name in pages}
        names = {path.name: name for name, path in paths.items()}
        for message in json.loads(result.stderr)["messages"]:
            if message["type"] == "error":
                found[names[message["url"].rsplit("/", 1)[-1]]].append(
                    f"line {message.get('lastLine')}: {message['message']}"
                )
        return found

    return errors


def test_the_article_box_notes_and_corrections_pages_are_valid_html(
    vnu, make_article, make_topic, tmp_path
):
    article = make_article(
        topics=[make_topic()],
        research_stage=Article.Stage.LABORATORY,
        participants=None,
        journal="Cancer Research",
        paper_title="HER2 drives luminal breast cancer stem cells",
        paper_url="https://example.org/abstract",
        reviewer_name="Dr Ana Ruiz",
        last_reviewed_on=timezone.localdate() - timedelta(days=30),
        next_review_due=timezone.localdate() + timedelta(days=300),
    )
    ArticleNote.objects.create(
        article=article, kind="correction", text_en="Fixed.", text_es="Hecho."
    )
    ArticleNote.objects.create(article=article, kind="update", text_en="New results.")
    reader = User.objects.create_user("reader@example.org", PASSWORD)
    favorite = Favorite.objects.save_article(reader, article)
    Favorite.objects.filter(pk=favorite.pk).update(created_at=timezone.now() - timedelta(days=9))
    signed_in = Client()
    signed_in.force_login(reader)
    pages = {}
    for language in ("en", "es"):
        pages[f"article-{language}"] = Client().get(article.url_in(language)).text
        pages[f"home-{language}"] = Client().get(f"/{language}/").text
    pages["corrections-en"] = Client().get("/en/corrections/").text
    pages["corrections-es"] = Client().get("/es/correcciones/").text
    pages["news-people-es"] = Client().get("/es/noticias/?people=1").text
    pages["article-signed-in-es"] = signed_in.get(article.url_in("es")).text
    pages["favorites-en"] = signed_in.get("/en/accounts/favorites/").text
    assert "Corrected on" in pages["article-en"]
    assert "Actualizado desde que lo guardó" in pages["article-signed-in-es"]
    assert vnu(pages, tmp_path) == {name: [] for name in pages}
