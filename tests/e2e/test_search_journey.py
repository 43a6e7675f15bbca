"""Searching in a real browser: the box in the header, the results, in both languages."""

import pytest

from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

BOX = {"en": "Search the news", "es": "Buscar en las noticias"}
BUTTON = {"en": "Search", "es": "Buscar"}


@pytest.mark.parametrize(
    ("language", "query", "found"),
    [("en", "BREAST cancer", "breast"), ("es", "cancer de mama ninos", "niños")],
)
def test_a_reader_searches_from_the_header(page, make_article, language, query, found):
    make_article(
        title_en="Breast cancer in young women",
        title_es="El cáncer de mama en mujeres jóvenes",
        body_en="A study of breast cancer.",
        body_es="Un estudio del cáncer de mama en madres de niños pequeños.",
    )
    make_article()
    page.goto(f"/{language}/")
    page.get_by_role("searchbox", name=BOX[language]).fill(query)
    page.get_by_role("button", name=BUTTON[language], exact=True).click()
    page.wait_for_load_state()
    assert page.locator("main .card").count() == 1
    assert found in page.locator("main mark").all_inner_texts()
    assert page.get_by_role("searchbox").input_value() == query
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pages_without_results_have_no_serious_accessibility_violations(
    page, make_topic, language
):
    make_topic()
    path = {"en": "/en/search/", "es": "/es/buscar/"}[language]
    for query in ["", "xylophone"]:
        page.goto(f"{path}?q={query}")
        assert serious_violations(page) == [], query
