"""The admin screens editors use most fit the screen, in English and Spanish: the article
list at 1024 and 1280 px, the form and the history at 1280 px.

`make screenshots` runs this with SCREENSHOTS_DIR set and keeps the pictures.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from articles.models import Article
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    article = Article.objects.in_language("es").first()
    article.body_en += "\n\nA sentence added after the Spanish was last brought up to date."
    article.save()
    return article


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_admin_screens_fit(page, demo, language):
    User.objects.create_superuser(
        "edna@example.org", PASSWORD, preferred_language=language, display_name="Edna Editor"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.fill("#id_username", "edna@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    screens = [
        ("list", "/admin/articles/article/", [1024, 1280]),
        ("form", f"/admin/articles/article/{demo.pk}/change/", [1280]),
        ("history", f"/admin/articles/article/{demo.pk}/history/", [1280]),
    ]
    for name, path, widths in screens:
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == 200, path
            if folder := os.environ.get("SCREENSHOTS_DIR"):
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=f"{folder}/admin-{name}-{language}-{width}.png", full_page=True
                )
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                f"{path} scrolls sideways at {width} px in {language}"
            )
            if name == "list":
                # Every column inside its box: the last one's right edge is on screen.
                box, right = page.evaluate(
                    "[document.querySelector('#changelist-form').getBoundingClientRect().right,"
                    " Math.max(...[...document.querySelectorAll('#result_list thead th')]"
                    ".map(th => th.getBoundingClientRect().right))]"
                )
                assert right <= box + 1, f"the list's columns run off at {width} px"
