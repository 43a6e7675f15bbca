"""'Was this article helpful?' in a real browser, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from feedback.models import HelpfulnessVote

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "no": "No",
        "yes": "Yes",
        "thanks": "Thank you for your feedback.",
        "missing": "What was missing or unclear?",
        "send": "Send",
        "thanks_comment": "Thank you for telling us what was missing or unclear.",
    },
    "es": {
        "no": "No",
        "yes": "Sí",
        "thanks": "Gracias por su opinión.",
        "missing": "¿Qué faltó o no quedó claro?",
        "send": "Enviar",
        "thanks_comment": "Gracias por contarnos qué faltó o qué no quedó claro.",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reader_answers_in_place_and_hears_the_thanks(page, make_article, language):
    words = WORDS[language]
    article = make_article()
    url = article.url_in(language)
    page.goto(url)
    panel = page.locator("#feedback")
    status = page.locator("#feedback + [role=status]")

    panel.get_by_role("button", name=words["no"], exact=True).click()
    expect(status).to_have_text(words["thanks"])
    expect(panel.get_by_role("button", name=words["no"], exact=True)).to_be_focused()
    expect(panel.get_by_role("button", name=words["no"], exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    panel.get_by_label(words["missing"]).fill("Which dose? Write to ana@example.org")
    panel.get_by_role("button", name=words["send"]).click()
    expect(panel.get_by_text(words["thanks_comment"])).to_be_focused()

    panel.get_by_role("button", name=words["yes"], exact=True).click()
    expect(panel.get_by_role("button", name=words["yes"], exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(status).to_have_text(words["thanks"])
    assert page.url.endswith(url)  # never left the page
    vote = HelpfulnessVote.objects.get()
    assert (vote.helpful, vote.language, vote.comment) == (True, language, "")


def test_without_javascript_the_forms_post_and_come_back(browser, live_server, make_article):
    article = make_article()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(article.url_in("es"))
    page.locator("#feedback").get_by_role("button", name="No", exact=True).click()
    assert page.url.endswith(f"{article.url_in('es')}#feedback")
    page.get_by_label("¿Qué faltó o no quedó claro?").fill("Llame al 555 123 4567.")
    page.get_by_role("button", name="Enviar").click()
    expect(page.locator("#feedback")).to_contain_text(WORDS["es"]["thanks_comment"])
    context.close()
    assert HelpfulnessVote.objects.get().comment == "Llame al [phone]."
