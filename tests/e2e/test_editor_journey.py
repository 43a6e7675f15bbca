"""An editor in a real browser: the bilingual form, the side-by-side preview, the preview page."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from articles.models import Article
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(page):
    User.objects.create_superuser("editor@example.org", PASSWORD)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/admin/login/")
    page.fill("#id_username", "editor@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    yield page
    assert violations == []


def test_an_editor_sees_both_languages_side_by_side_then_previews_the_draft(editor_page):
    page = editor_page
    page.goto("/admin/articles/article/add/")
    page.fill("#id_title_en", "Walking after surgery")
    page.fill("#id_summary_en", "What the study found.")
    page.fill("#id_body_en", "Walking *helps*.\n\n- one\n- two")
    # The Spanish field is beside the English one.
    page.fill("#id_body_es", "Caminar *ayuda*.<script>alert(1)</script>")

    page.get_by_role("button", name="Show the preview").click()
    english = page.locator(".markdown-preview__body[lang=en]")
    spanish = page.locator(".markdown-preview__body[lang=es]")
    expect(english.locator("em")).to_have_text("helps")
    expect(english.locator("li")).to_have_count(2)
    expect(spanish.locator("em")).to_have_text("ayuda")
    expect(spanish.locator("script")).to_have_count(0)
    expect(page.get_by_role("button", name="Update the preview")).to_be_visible()

    page.get_by_role("button", name="Save and continue editing").click()
    article = Article.objects.get(slug_en="walking-after-surgery")
    assert article.status == Article.Status.DRAFT

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview in English").click()
    preview = popup.value
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.locator("h1")).to_have_text("Walking after surgery")
