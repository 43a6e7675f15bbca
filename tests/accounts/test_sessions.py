"""Sessions live on the server: signing out, or changing the password, ends a session
everywhere at once, also where they are read through the shared cache (cached_db)."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.helpers import PASSWORD
from tests.test_project import SITE_URL, run_django

pytestmark = pytest.mark.django_db

ENGINES = ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]


@pytest.fixture(params=ENGINES, ids=["db", "cached_db"], autouse=True)
def engine(request, settings, page_cache_on):
    """Each test with either engine, and the page cache on, as in production."""
    settings.SESSION_ENGINE = request.param
    return request.param


def copy_of(client):
    """Another browser holding the same session cookie (stolen, or a second tab)."""
    other = Client()
    name = django_settings.SESSION_COOKIE_NAME
    other.cookies[name] = client.cookies[name].value
    return other


def is_signed_in(client, url):
    page = client.get(url).text
    return "Sign out" in page


def test_signing_out_ends_the_session_in_every_browser_that_holds_it(client, reader, make_article):
    url = make_article().url_in("en")
    other = copy_of(client)
    assert is_signed_in(other, url)
    client.post("/en/accounts/sign-out/")
    assert not is_signed_in(other, url)
    assert other.get("/en/accounts/").status_code == 302  # to the sign-in page


def test_changing_the_password_ends_every_other_session_at_once(client, reader, make_article):
    url = make_article().url_in("en")
    thief = Client()  # signed in elsewhere with the old password
    thief.force_login(reader)
    assert is_signed_in(thief, url)
    response = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-pass-phrase!",
            "new_password2": "n3w-pass-phrase!",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(client, url)  # where it was changed, the reader stays signed in
    assert not is_signed_in(thief, url)


def test_sessions_are_read_through_the_cache_and_never_kept_in_cookies():
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    production = {"DJANGO_SECRET_KEY": "x", "DJANGO_SITE_URL": SITE_URL}
    with_redis = run_django(code, REDIS_URL="redis://127.0.0.1:1/0", **production).stdout
    without = run_django(code, REDIS_URL="", **production).stdout
    assert with_redis.split() == without.split() == ["django.contrib.sessions.backends.cached_db"]
