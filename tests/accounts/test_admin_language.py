"""The admin speaks its staff member's preferred language, with a switch in its header."""

import pytest

from accounts.models import User
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("edna@example.org", "pw-for-tests-1")


def test_the_admin_speaks_the_preferred_language_whatever_the_browser_says(client, staff):
    staff.preferred_language = "es"
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/", headers={"accept-language": "en"})
    assert response["Content-Language"] == "es"
    assert "Sitio administrativo" in visible_text(response.text, "es")


def test_the_switch_in_the_header_changes_the_preferred_language(client, staff):
    client.force_login(staff)
    html = client.get("/admin/articles/article/").text
    assert 'action="/admin/language/"' in html and 'value="es"' in html
    response = client.post(
        "/admin/language/", {"language": "es", "next": "/admin/articles/article/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    staff.refresh_from_db()
    assert staff.preferred_language == "es"
    assert client.get("/admin/articles/article/")["Content-Language"] == "es"


def test_the_switch_refuses_a_language_the_site_does_not_have(client, staff):
    client.force_login(staff)
    response = client.post("/admin/language/", {"language": "fr"})
    assert response.status_code == 400
    assert "English or Spanish" in response.text
    staff.refresh_from_db()
    assert staff.preferred_language == "en"


def test_the_switch_goes_back_only_to_this_site(client, staff):
    client.force_login(staff)
    response = client.post("/admin/language/", {"language": "es", "next": "https://evil.example"})
    assert response["Location"] == "/admin/"


def test_the_switch_is_for_staff_and_by_post_only(client, staff):
    assert client.post("/admin/language/", {"language": "es"}).status_code == 302  # to sign in
    client.force_login(staff)
    assert client.get("/admin/language/").status_code == 405


def test_every_admin_page_names_its_icon(client, staff):
    # Otherwise the browser asks for a /favicon.ico that does not exist, on every page.
    assert 'rel="icon"' in client.get("/admin/login/").text
    client.force_login(staff)
    for path in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/"):
        assert 'rel="icon"' in client.get(path).text, path
