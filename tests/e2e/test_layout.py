"""The demo site's home, an article and a search at a 390 px phone and a 1280 px desktop,
in both languages; and the top of the seed study's page, with its research box and its
correction.

`make screenshots` runs this with SCREENSHOTS_DIR set and keeps the pictures.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [390, 1280]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    return Article.objects.published().in_language("es").get(journal="Cancer Research")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen(page, demo, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    search = {"en": "/en/search/?q=cancer", "es": "/es/buscar/?q=cancer"}[language]
    pages = [("home", f"/{language}/"), ("article", demo.url_in(language)), ("search", search)]
    for name, path in pages:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{path} scrolls sideways at {width} px"
        )
        stylesheet_applied = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle"
        )
        assert stylesheet_applied == "solid"
        if folder := os.environ.get("SCREENSHOTS_DIR"):
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{language}-{width}.png", full_page=True)


# Characters in a long paragraph of the article's text divided by its lines (the last
# line counted as half).
CHARACTERS_PER_LINE = """() => {
    const paragraph = [...document.querySelectorAll('.prose p')]
        .sort((a, b) => b.textContent.length - a.textContent.length)[0];
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.bottom))).size;
    return paragraph.textContent.length / (lines - 0.5);
}"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_1280_px_the_article_has_its_supporting_boxes_beside_the_text(page, demo, language):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo.url_in(language))
    text = page.locator(".prose").bounding_box()
    for box in [".citation", ".article__topics"]:
        beside = page.locator(box).bounding_box()
        assert beside["x"] >= text["x"] + text["width"], f"{box} is not beside the text"
        assert beside["y"] < text["y"] + text["height"], f"{box} comes after the text"
    assert 60 <= page.evaluate(CHARACTERS_PER_LINE) <= 75


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_seed_study_shows_its_stage_and_correction_near_the_top(page, demo, language, width):
    page.set_viewport_size({"width": width, "height": 1200})
    page.goto(demo.url_in(language))
    box = page.locator(".research-box")
    notice = page.locator(".notice--correction")
    expect(box).to_contain_text(
        {"en": "Laboratory or animal study", "es": "Estudio de laboratorio o en animales"}[language]
    )
    expect(box.locator("[aria-current=step]")).to_have_count(1)
    expect(notice).to_contain_text({"en": "Corrected on", "es": "Corregido el"}[language])
    # Near the top: the box starts within the first two screens of a phone.
    assert box.bounding_box()["y"] < 2 * 844
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/seed-study-top-{language}-{width}.png")
        page.locator("#notes").screenshot(path=f"{folder}/seed-study-notes-{language}-{width}.png")
