"""WCAG 2.1 AA checks by axe-core in a real browser, on the pages readers use most."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import Favorite, User
from articles.models import ArticleNote
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serious_violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, "
        f"first: {violation['nodes'][0]['html'][:120]})"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def serious_violations_on(page, paths):
    """{path: its serious and critical violations}, each page opened in turn."""
    found = {}
    for path in paths:
        page.goto(path)
        found[path] = serious_violations(page)
    return found


@pytest.fixture
def content(make_article, make_topic):
    topic = make_topic()
    articles = [
        make_article(topics=[topic], journal="Cancer Research", paper_title="HER2 study",
                     paper_url="https://example.org/abstract", paper_published_on="2013-02-26")
        for _ in range(12)
    ]  # fmt: skip
    # The research box is on every article; a correction adds the notice and the notes.
    ArticleNote.objects.create(
        article=articles[0], kind="correction", text_en="We said 30; it was 300.",
        text_es="Dijimos 30; eran 300.",
    )  # fmt: skip
    ArticleNote.objects.create(article=articles[0], kind="update", text_en="New results.")
    return {"article": articles[0], "topic": topic}


@pytest.mark.parametrize("language", ["en", "es"])
def test_public_pages_have_no_serious_accessibility_violations(page, content, language):
    article = content["article"]
    paths = [
        f"/{language}/",
        article.url_in(language).rsplit("/", 2)[0] + "/",  # the article list
        article.url_in(language),
        content["topic"].url_in(language),
        f"/{language}/{'accounts/sign-in' if language == 'en' else 'cuenta/entrar'}/",
        f"/{language}/{'corrections' if language == 'en' else 'correcciones'}/",
        f"/{language}/{'news' if language == 'en' else 'noticias'}/?people=1",
    ]
    assert serious_violations_on(page, paths) == {path: [] for path in paths}


@pytest.mark.parametrize("language", ["en", "es"])
def test_signed_in_pages_have_no_serious_accessibility_violations(
    page, content, live_server, language
):
    reader = User.objects.create_user("reader@example.org", PASSWORD)
    favorite = Favorite.objects.save_article(reader, content["article"])
    # Saved before its notes: "Updated since you saved it" shows beside it.
    Favorite.objects.filter(pk=favorite.pk).update(created_at="2000-01-01T00:00:00Z")
    page.goto(f"/{language}/{'accounts/sign-in' if language == 'en' else 'cuenta/entrar'}/")
    page.locator("#id_username").fill("reader@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    paths = [
        f"/{language}/{'accounts/favorites' if language == 'en' else 'cuenta/favoritos'}/",
        content["article"].url_in(language),
        f"/{language}/{'accounts' if language == 'en' else 'cuenta'}/",
    ]
    assert serious_violations_on(page, paths) == {path: [] for path in paths}
