"""The editors' desk in a real browser, in the English admin and again in the Spanish one:
an editor writes an article in both languages side by side while the quality panel
follows, previews, publishes; edits the English; the translator sees the difference and
updates the Spanish; a revert recomputes the translation status. axe checks each screen.
"""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from articles.models import Article
from tests.e2e.test_accessibility import serious_violations
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def groups(transactional_db):
    # The groups come from a data migration, which an earlier transactional test flushed.
    migration = importlib.import_module("articles.migrations.0004_editors_and_translators_groups")
    for name, permissions in migration.GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permissions
        )


JARGON = (
    "Postoperative ambulatory interventions demonstrated statistically significant "
    "improvements in functional rehabilitation trajectories, notwithstanding considerable "
    "heterogeneity attributable to methodological inconsistencies and comorbidity profiles. "
)
PLAIN = "Walking helps. Ask your nurse when you can start to walk."


def staff(email, group, language, name):
    user = User.objects.create_user(
        email, PASSWORD, is_staff=True, preferred_language=language, display_name=name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page, errors


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_editor_and_a_translator_work_on_one_article(browser, live_server, settings, language):
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    staff("edna@example.org", "Editors", language, "Edna Editor")
    staff("tomas@example.org", "Translators", language, "Tomás Translator")
    page, errors = sign_in(browser, live_server, "edna@example.org")
    assert page.locator("html").get_attribute("lang") == language

    # Both languages side by side, and the quality panel following the typing.
    page.goto("/admin/articles/article/add/")
    english_title = page.locator("#id_title_en")
    spanish_title = page.locator("#id_title_es")
    assert english_title.bounding_box()["y"] == spanish_title.bounding_box()["y"]
    assert english_title.bounding_box()["x"] < spanish_title.bounding_box()["x"]
    assert serious_violations(page) == []
    page.fill("#id_title_en", "Walking after surgery")
    page.fill("#id_summary_en", "What the study found.")
    page.fill("#id_meta_description_en", "Walking after hip surgery.")
    page.fill("#id_title_es", "Caminar después de la cirugía")
    page.fill("#id_slug_es", "caminar-despues-de-la-cirugia")
    page.fill("#id_summary_es", "Lo que encontró el estudio.")
    page.fill("#id_meta_description_es", "Caminar tras una operación de cadera.")
    page.fill("#id_body_es", "Caminar ayuda. Pregunte a su enfermera cuándo puede empezar.")
    english_report = page.locator(".quality__language[data-language=en]")
    page.fill("#id_body_en", JARGON * 2)
    page.locator("#id_body_en").press_sequentially(JARGON[:40])
    # Scored on the server a moment after the typing stops; the first English score loads
    # textstat's pronouncing dictionary.
    expect(english_report).to_have_attribute("data-passes", "false", timeout=30_000)
    expect(english_report).to_contain_text("Flesch reading ease")
    page.fill("#id_body_en", "")
    page.locator("#id_body_en").press_sequentially(PLAIN)
    expect(english_report).to_have_attribute("data-passes", "true", timeout=30_000)

    page.locator("input[name=_continue]").click()
    article = Article.objects.get(slug_en="walking-after-surgery")
    assert article.status == Article.Status.DRAFT

    with page.expect_popup() as popup:
        page.locator(".field-preview_links a").first.click()
    preview = popup.value
    expect(preview.locator(".article__header .meta").first).not_to_contain_text("2026")
    preview.close()

    # Publishing means now, whatever time the form was opened at.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=3))
    page.reload()
    # A research article is published with what the research means (issue 17).
    page.select_option("#id_research_stage", "early")
    page.fill("#id_what_it_means_en", "Nothing changes yet: ask your surgical team.")
    page.fill("#id_what_it_means_es", "Por ahora nada cambia: pregunte a su equipo.")
    page.select_option("#id_status", "published")
    page.locator("input[name=_continue]").click()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert timezone.now() - article.published_at < timedelta(minutes=2)

    # The English changes: the Spanish is out of date.
    page.fill("#id_body_en", PLAIN + " Start with a few steps.")
    page.locator("input[name=_continue]").click()
    article.refresh_from_db()
    assert article.spanish_status == "out of date"
    after_english_edit = article.history.latest()

    # The translator sees what changed in the English and brings the Spanish up to date.
    translator, translator_errors = sign_in(browser, live_server, "tomas@example.org")
    translator.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(translator.locator(".english-changes ins")).to_contain_text("Start with a few steps.")
    expect(translator.locator("#id_body_en")).to_have_count(0)
    assert serious_violations(translator) == []
    translator.fill("#id_body_es", "Caminar ayuda. Empiece con unos pocos pasos.")
    translator.locator("input[name=_continue]").click()
    article.refresh_from_db()
    assert article.spanish_status == "current"
    translator.goto("/admin/articles/article/")
    expect(translator.locator(".field-spanish_column").first).to_have_text(
        {"en": "Up to date", "es": "Al día"}[language]
    )
    translated = article.history.latest()
    assert translator_errors == []
    translator.context.close()

    # The editor changes the English again, then reverts it: the Spanish is current again.
    page.reload()
    page.fill("#id_body_en", "Something else entirely.")
    page.locator("input[name=_continue]").click()
    article.refresh_from_db()
    assert article.spanish_status == "out of date"
    page.goto(f"/admin/articles/article/{article.pk}/history/")
    assert serious_violations(page) == []
    expect(page.locator(".history-diff ins").first).to_be_visible()
    page.goto(f"/admin/articles/article/{article.pk}/history/{translated.history_id}/")
    assert serious_violations(page) == []
    page.locator(".submit-row input[name=_save]").click()
    article.refresh_from_db()
    assert article.body_en == after_english_edit.body_en
    assert article.spanish_status == "current"
    page.goto(f"/admin/articles/article/{article.pk}/history/")
    expect(page.locator(".history-action").first).to_contain_text(
        {"en": "Reverted to the version of", "es": "Vuelta a la versión del"}[language]
    )
    page.goto("/admin/articles/article/")
    assert serious_violations(page) == []
    assert errors == []
    page.context.close()
