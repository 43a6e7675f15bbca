import re

import pytest
from django.core import mail

from accounts.models import Favorite, User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_account_pages_need_a_signed_in_reader(client):
    for url in ("/en/accounts/", "/es/cuenta/favoritos/", "/en/accounts/delete/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.split("?")[0] in ("/en/accounts/sign-in/", "/es/cuenta/entrar/")


def test_settings_change_display_name_and_language(client, reader):
    response = client.post("/en/accounts/", {"display_name": "Ana", "preferred_language": "es"})
    assert response.url == "/es/cuenta/"
    reader.refresh_from_db()
    assert (reader.display_name, reader.preferred_language) == ("Ana", "es")
    assert "Se ha guardado su configuración." in client.get(response.url).text


def test_settings_reject_an_unknown_language(client, reader):
    response = client.post("/en/accounts/", {"display_name": "", "preferred_language": "fr"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert User.objects.get(pk=reader.pk).preferred_language == "en"


def test_change_password(client, reader):
    response = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-pass-phrase!",
            "new_password2": "n3w-pass-phrase!",
        },
    )
    assert response.url == "/en/accounts/password/changed/"
    assert User.objects.get(pk=reader.pk).check_password("n3w-pass-phrase!")


def test_password_reset_by_email_never_reveals_whether_an_account_exists(client, reader):
    client.logout()
    known = client.post("/es/cuenta/recuperar-contrasena/", {"email": "reader@example.org"})
    unknown = client.post("/es/cuenta/recuperar-contrasena/", {"email": "nobody@example.org"})
    assert known.url == unknown.url == "/es/cuenta/recuperar-contrasena/enviado/"
    (message,) = mail.outbox
    assert message.subject == "Elija una contraseña nueva para Newsroom"
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    assert link.startswith("/es/cuenta/recuperar-contrasena/")
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "n3w-pass-phrase!", "new_password2": "n3w-pass-phrase!"},
    )
    assert response.url == "/es/cuenta/recuperar-contrasena/hecho/"
    assert User.objects.get(pk=reader.pk).check_password("n3w-pass-phrase!")


def test_deleting_the_account_needs_the_password(client, reader):
    response = client.post("/en/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert User.objects.filter(pk=reader.pk).exists()


def test_deleting_the_account_deletes_its_favorites_and_signs_out(client, reader, make_article):
    Favorite.objects.save_article(reader, make_article())
    response = client.post("/en/accounts/delete/", {"password": PASSWORD})
    assert response.url == "/en/"
    assert not User.objects.filter(pk=reader.pk).exists()
    assert Favorite.objects.count() == 0
    page = client.get("/en/")
    assert page.wsgi_request.user.is_anonymous
    assert "Your account and your favorites have been deleted." in page.text


def test_guessing_the_password_to_delete_the_account_is_throttled(client, reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/delete/", {"password": "wrong"})
    response = client.post("/en/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert User.objects.filter(pk=reader.pk).exists()


def test_guessing_the_old_password_to_change_it_is_throttled(client, reader, settings):
    def change_password(old_password):
        return client.post(
            "/en/accounts/password/",
            {"old_password": old_password, "new_password1": "n3w-pass-phrase!",
             "new_password2": "n3w-pass-phrase!"},
        )  # fmt: skip

    assert "Your old password was entered incorrectly" in change_password("wrong").text
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change_password("wrong")
    assert change_password(PASSWORD).status_code == 429
    assert User.objects.get(pk=reader.pk).check_password(PASSWORD)


def test_failures_to_delete_the_account_count_towards_the_sign_in_lock(client, reader, settings):
    settings.PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        address = {"x-forwarded-for": f"203.0.113.{n}"}
        client.post("/en/accounts/delete/", {"password": "wrong"}, headers=address)
    client.logout()
    response = client.post(
        "/en/accounts/sign-in/",
        {"username": "reader@example.org", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.1"},
    )
    assert response.status_code == 429
