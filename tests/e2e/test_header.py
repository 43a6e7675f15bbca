"""The header as a reader meets it: on a 390 px phone the headline starts near the top,
at 1280 px the header stays on one row, and the search box says what it is for, signed
in or not, in both languages."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH_LABEL = {"en": "Search the news", "es": "Buscar en las noticias"}
SEARCH = {"en": "Search", "es": "Buscar"}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    return Article.objects.published().in_language("es").get(journal="Cancer Research")


def sign_in(page, live_server):
    reader = get_user_model().objects.create_user(email="reader@example.org", password="x")
    client = Client()
    client.force_login(reader)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def screenshot(page, name):
    """The article page's first screen, kept by `make screenshots`."""
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png")


def reader_pages(language, article):
    news = {"en": "/en/news/", "es": "/es/noticias/"}[language]
    return [f"/{language}/", news, article.url_in(language)]


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_the_headline_starts_within_140_px(page, live_server, demo, language, signed_in):
    if signed_in:
        sign_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in reader_pages(language, demo):
        page.goto(path)
        top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
        assert top <= 140, f"{path}: the headline starts at {top:.0f} px"
        rows = page.evaluate(
            "new Set([...document.querySelectorAll('.site-nav li')]"
            ".map(item => Math.round(item.getBoundingClientRect().top))).size"
        )
        assert rows == 1, f"{path}: the navigation takes {rows} rows"
    screenshot(page, f"header-{language}-390-{'signed-in' if signed_in else 'signed-out'}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_search_opens_a_labelled_field_from_a_button(page, demo, language):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{language}/")
    field = page.get_by_label(SEARCH_LABEL[language])
    assert not field.is_visible()
    page.locator(".site-search-toggle summary").click()
    assert field.is_visible()
    assert page.locator("label[for=site-search-q]").is_visible()
    screenshot(page, f"search-open-{language}-390")
    field.fill("cancer")
    field.press("Enter")
    page.wait_for_url("**/?q=cancer")


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_at_1280_px_the_header_is_one_row_with_a_labelled_search_box(
    page, live_server, demo, language, signed_in
):
    if signed_in:
        sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in reader_pages(language, demo):
        page.goto(path)
        field = page.get_by_label(SEARCH_LABEL[language])
        assert field.is_visible(), f"{path}: no visible search box"
        placeholder = field.get_attribute("placeholder")
        assert placeholder == SEARCH_LABEL[language]
        parts = [".brand", ".site-nav", ".language-switch", "#site-search-q"]
        if signed_in:
            parts.append(".site-nav button")
        middles = [
            page.evaluate(
                f"(r => r.top + r.height / 2)"
                f"(document.querySelector('{part}').getBoundingClientRect())"
            )
            for part in parts
        ]
        brand = page.evaluate("document.querySelector('.brand').getBoundingClientRect()")
        for part, middle in zip(parts, middles, strict=True):
            assert brand["top"] <= middle <= brand["bottom"], (
                f"{path}: {part} wraps below the site's name"
            )
    screenshot(page, f"header-{language}-1280-{'signed-in' if signed_in else 'signed-out'}")
