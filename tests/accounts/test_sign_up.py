import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import Favorite, User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, email="reader@example.org", language="en", **extra):
    path = "/en/accounts/sign-up/" if language == "en" else "/es/cuenta/registro/"
    data = {
        "email": email,
        "display_name": "Ana",
        "preferred_language": language,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(path, data | extra)


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_signing_up_sends_a_confirmation_link_that_signs_the_reader_in(client):
    response = sign_up(client)
    assert response.url == "/en/accounts/sign-up/sent/"
    user = User.objects.get(email="reader@example.org")
    assert not user.is_active
    assert client.get("/en/").wsgi_request.user.is_anonymous

    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Confirm your email address for Newsroom"
    link = link_in(message)
    assert "Confirm and sign in" in client.get(link).text  # opening the link changes nothing
    assert not User.objects.get(pk=user.pk).is_active

    response = client.post(link)
    assert response.url == "/en/"
    assert User.objects.get(pk=user.pk).is_active
    assert client.get("/en/").wsgi_request.user == user


def test_a_confirmation_link_works_once(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    client.post(link)
    client.logout()
    response = client.post(link)
    assert response.url.startswith("/en/accounts/sign-in/")
    assert client.get("/en/").wsgi_request.user.is_anonymous


def test_a_tampered_confirmation_link_is_refused_in_the_readers_language(client):
    sign_up(client, language="es")
    link = link_in(mail.outbox[0])
    response = client.get(link.replace(":", ":x", 1))
    assert response.status_code == 400
    assert "Este enlace no funciona" in response.text


def test_sign_up_never_reveals_that_an_address_has_an_account(client):
    User.objects.create_user("taken@example.org", "another-pass-phrase-8")
    taken = sign_up(client, email="Taken@Example.org")
    new = sign_up(client, email="new@example.org")
    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url
    assert client.get(taken.url).text == client.get(new.url).text
    reminder, confirmation = mail.outbox
    assert reminder.to == ["taken@example.org"]
    assert reminder.subject == "You already have a Newsroom account"
    assert confirmation.subject == "Confirm your email address for Newsroom"
    # The existing account is untouched.
    assert User.objects.get(email="taken@example.org").check_password("another-pass-phrase-8")


def test_signing_up_again_before_confirming_resends_the_link_and_changes_nothing(client):
    sign_up(client)
    someone_else = {"password1": "an-intruders-phrase-5", "password2": "an-intruders-phrase-5"}
    sign_up(client, email="READER@Example.org", display_name="Eve", **someone_else)
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert not user.check_password("an-intruders-phrase-5")
    assert user.display_name == "Ana"
    first, again = mail.outbox
    assert again.to == ["reader@example.org"]
    assert again.subject == "Confirm your email address for Newsroom"

    client.post(link_in(first))  # the owner confirms with their own link
    client.logout()
    assert sign_in_with(client, "an-intruders-phrase-5").wsgi_request.user.is_anonymous
    assert sign_in_with(client, PASSWORD).status_code == 302


def sign_in_with(client, password):
    return client.post(
        "/en/accounts/sign-in/", {"username": "reader@example.org", "password": password}
    )


def test_an_account_staff_deactivated_stays_deactivated_whatever_signs_up(client):
    editors, _created = Group.objects.get_or_create(name="Editors")
    editor = User.objects.create_user("editor@example.org", "the-editors-phrase-3", is_staff=True)
    editor.groups.add(editors)
    editor.is_active = False
    editor.save()

    response = sign_up(client, email="Editor@example.org")
    assert response.url == "/en/accounts/sign-up/sent/"
    for message in mail.outbox:
        assert "/confirm/" not in message.body
    editor.refresh_from_db()
    assert not editor.is_active
    assert editor.check_password("the-editors-phrase-3")


def test_a_used_link_cannot_reactivate_an_account_staff_deactivated_later(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    client.post(link)
    client.logout()
    User.objects.update(is_active=False)
    client.post(link)
    assert not User.objects.get().is_active
    assert client.get("/en/").wsgi_request.user.is_anonymous


def test_a_confirmation_link_dies_once_the_account_changes(client):
    sign_up(client)
    user = User.objects.get()
    user.set_password("a-changed-phrase-4")
    user.save()
    response = client.post(link_in(mail.outbox[0]))
    assert response.status_code == 400
    assert not User.objects.get().is_active
    assert client.get("/en/").wsgi_request.user.is_anonymous


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("existing", ["active", "unconfirmed", "new"])
def test_sign_up_hashes_the_password_whether_or_not_the_address_has_an_account(
    client, settings, existing
):
    """The time of the answer must not tell: hashing is most of it."""
    if existing == "active":
        User.objects.create_user("reader@example.org", PASSWORD)
    elif existing == "unconfirmed":
        sign_up(client)
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    sign_up(client)
    assert CountingHasher.hashed == 1


def test_sign_up_shows_field_errors_in_spanish(client):
    response = sign_up(client, language="es", email="not-an-address", password2="different")
    assert response.status_code == 200
    assert "Introduzca una dirección de correo electrónico válida." in response.text
    assert User.objects.count() == 0


def test_spanish_sign_up_sends_a_spanish_email_with_a_spanish_link(client):
    sign_up(client, language="es")
    (message,) = mail.outbox
    assert message.subject == "Confirme su dirección de correo electrónico para Newsroom"
    assert link_in(message).startswith("/es/cuenta/confirmar/")


def test_signing_up_from_save_as_favorite_returns_to_the_article_with_it_saved(
    client, make_article
):
    article = make_article()
    sign_up(client, next=f"/en/news/{article.slug_en}/", favorite=article.pk)
    response = client.post(link_in(mail.outbox[0]))
    assert response.url == f"/en/news/{article.slug_en}/"
    assert Favorite.objects.filter(user__email="reader@example.org", article=article).exists()


@pytest.mark.parametrize("next_url", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_sign_up_never_sends_the_reader_off_site(client, next_url):
    sign_up(client, next=next_url)
    response = client.post(link_in(mail.outbox[0]))
    assert response.url == "/en/"
