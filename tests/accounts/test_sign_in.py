import pytest
from django.conf import settings

from accounts.models import Favorite, User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader@example.org", PASSWORD, preferred_language="es")


def sign_in(client, email="reader@example.org", password=PASSWORD, path="/en/accounts/sign-in/",
            headers=None, **extra):  # fmt: skip
    return client.post(path, {"username": email, "password": password} | extra, headers=headers)


def test_a_reader_signs_in_with_email_and_lands_on_home_in_their_language(client, reader):
    response = sign_in(client, email="READER@example.org")
    assert response.url == "/es/"
    assert client.get("/en/").wsgi_request.user == reader


def test_signing_in_rotates_the_session_key(client, reader):
    session = client.session
    session["marker"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert client.session["marker"]  # the data moves to the new key


def test_a_wrong_password_is_refused_with_a_clear_message(client, reader):
    response = sign_in(client, password="wrong", path="/es/cuenta/entrar/")
    assert response.status_code == 200
    assert "no coinciden con ninguna cuenta" in response.text
    assert response.wsgi_request.user.is_anonymous


def test_an_unconfirmed_account_cannot_sign_in(client):
    User.objects.create_user("new@example.org", PASSWORD, is_active=False)
    assert sign_in(client, email="new@example.org").status_code == 200


def test_repeated_failures_lock_the_account_then_the_lock_lifts(client, reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="wrong")
    locked = sign_in(client)  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text
    assert locked.wsgi_request.user.is_anonymous

    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")  # the cool-off has passed
    assert sign_in(client).status_code == 302


def test_lockout_page_is_in_spanish_for_a_spanish_reader(client, reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, password="wrong", path="/es/cuenta/entrar/")
    assert response.status_code == 429
    assert "Demasiados intentos" in response.text


def test_failures_from_one_client_lock_that_client_for_every_account(client, reader):
    for n in range(5):
        sign_in(client, email=f"guess{n}@example.org", password="wrong")
    assert sign_in(client).status_code == 429


def test_behind_a_proxy_each_client_is_throttled_by_its_own_address(client, reader, settings):
    settings.PROXY_COUNT = 1
    attacker = {"x-forwarded-for": "203.0.113.7"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email=f"guess{n}@example.org", password="wrong", headers=attacker)
    assert sign_in(client, headers=attacker).status_code == 429
    assert sign_in(client, headers={"x-forwarded-for": "198.51.100.2"}).status_code == 302


def test_failures_from_many_addresses_lock_that_account_and_no_other(client, reader, settings):
    settings.PROXY_COUNT = 1
    other = User.objects.create_user("other@example.org", PASSWORD)
    spellings = ["reader@example.org", "READER@example.org", "Reader@Example.org"]
    for n in range(6):
        address = {"x-forwarded-for": f"203.0.113.{n}"}
        sign_in(client, email=spellings[n % 3], password="wrong", headers=address)
    locked = sign_in(client, headers={"x-forwarded-for": "198.51.100.1"})
    assert locked.status_code == 429
    assert locked.wsgi_request.user.is_anonymous
    response = sign_in(client, email=other.email, headers={"x-forwarded-for": "198.51.100.2"})
    assert response.status_code == 302


def test_failures_elsewhere_never_lock_out_a_reader_who_mistypes_once(client, reader, settings):
    settings.PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        address = {"x-forwarded-for": f"203.0.113.{n}"}
        sign_in(client, email=f"someone{n}@example.org", password="wrong", headers=address)
    mine = {"x-forwarded-for": "198.51.100.1"}
    mistyped = sign_in(client, password="wrong", headers=mine)
    assert mistyped.status_code == 200
    assert "do not match an account" in mistyped.text
    assert sign_in(client, headers=mine).status_code == 302


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example/",
        "///evil.example/",
        "https://evil.example/",
        "http://evil.example/",
        "javascript:alert(1)",
        "\\\\evil.example/",
        "/\\evil.example/",
        "\t//evil.example/",
        "/\t/evil.example/",
        "https:///evil.example/",
    ],
)
def test_next_is_followed_only_within_this_site(client, reader, next_url):
    response = sign_in(client, next=next_url)
    assert response.status_code == 302
    assert response.url == "/es/"


def test_next_within_the_site_is_followed(client, reader):
    assert sign_in(client, next="/en/news/").url == "/en/news/"


def test_signing_in_from_save_as_favorite_saves_it(client, reader, make_article):
    article = make_article()
    page = client.get(f"/en/news/{article.slug_en}/").text
    assert (
        f"/en/accounts/sign-in/?next=%2Fen%2Fnews%2F{article.slug_en}%2F&amp;favorite={article.pk}"
        in page
    )
    sign_in_page = client.get(
        "/en/accounts/sign-in/", {"next": f"/en/news/{article.slug_en}/", "favorite": article.pk}
    )
    assert "Create an account" in sign_in_page.text
    response = sign_in(client, next=f"/en/news/{article.slug_en}/", favorite=article.pk)
    assert response.url == f"/en/news/{article.slug_en}/"
    assert Favorite.objects.filter(user=reader, article=article).exists()
    assert "Saved" in client.get(response.url).text


def test_sign_out_is_post_only(client, reader):
    client.force_login(reader)
    assert client.get("/en/accounts/sign-out/").status_code == 405
    response = client.post("/en/accounts/sign-out/")
    assert response.url == "/en/"
    assert client.get("/en/").wsgi_request.user.is_anonymous
