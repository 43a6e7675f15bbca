import re

import pytest
from django.core import mail

from accounts.models import Favorite
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "save": "Save as Favorite",
        "create": "Create an account",
        "email": "Email address",
        "password": "Password",
        "confirm_password": "Password confirmation",
        "check": "Check your email",
        "confirm": "Confirm and sign in",
        "saved": "Saved",
        "favorites": "My favorites",
        "remove": "Remove",
        "empty": "You have not saved any articles yet.",
        "announce_saved": "Saved to your favorites.",
        "announce_removed": "Removed from your favorites.",
        "sign_out": "Sign out",
        "sign_in": "Sign in",
    },
    "es": {
        "save": "Guardar como favorito",
        "create": "Crear una cuenta",
        "email": "Correo electrónico",
        "password": "Contraseña",
        "confirm_password": "Contraseña (confirmación)",
        "check": "Revise su correo electrónico",
        "confirm": "Confirmar e iniciar sesión",
        "saved": "Guardado",
        "favorites": "Mis favoritos",
        "remove": "Quitar",
        "empty": "Todavía no ha guardado ningún artículo.",
        "announce_saved": "Guardado en sus favoritos.",
        "announce_removed": "Quitado de sus favoritos.",
        "sign_out": "Cerrar sesión",
        "sign_in": "Iniciar sesión",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_sign_up_save_find_remove_sign_out(page, make_article, language):
    words = WORDS[language]
    article = make_article()
    title = getattr(article, f"title_{language}")
    page.goto(article.url_in(language))
    assert page.locator("html").get_attribute("lang") == language

    # An anonymous reader who saves is asked to sign in, and can sign up from there.
    page.get_by_role("link", name=words["save"]).click()
    page.get_by_role("link", name=words["create"]).click()
    page.get_by_label(words["email"]).fill(f"reader-{language}@example.org")
    page.get_by_label(re.compile(rf"^{words['password']}:?$")).fill(PASSWORD)
    page.get_by_label(words["confirm_password"]).fill(PASSWORD)
    page.get_by_role("button", name=words["create"]).click()
    page.get_by_role("heading", name=words["check"]).wait_for()

    # The emailed link brings the reader back to the article, with it saved.
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url(f"**{article.url_in(language)}")
    button = page.locator(".favorite button")
    assert button.get_attribute("aria-pressed") == "true"
    assert words["saved"] in button.inner_text()

    # It is in the favorites list, and can be removed from there.
    page.get_by_role("link", name=words["favorites"]).click()
    page.get_by_role("link", name=title).wait_for()
    page.get_by_role("button", name=re.compile(words["remove"])).click()
    page.get_by_text(words["empty"]).wait_for()
    assert not Favorite.objects.exists()

    # With JavaScript the button works in place: no reload, state and announcement.
    page.goto(article.url_in(language))
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name=words["save"]).click()
    status = page.locator("[data-favorite-status]")
    status.get_by_text(words["announce_saved"]).wait_for()
    assert page.locator(".favorite button").get_attribute("aria-pressed") == "true"
    assert Favorite.objects.count() == 1
    page.locator(".favorite button").click()
    status.get_by_text(words["announce_removed"]).wait_for()
    assert page.locator(".favorite button").get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.stillTheSamePage") is True
    assert not Favorite.objects.exists()

    # Signing out leaves the reader on the home page, signed out.
    page.get_by_role("button", name=words["sign_out"]).click()
    page.get_by_role("link", name=words["sign_in"]).first.wait_for()
