"""A Spanish admin with no English on the screens editors and translators use."""

import pytest

from accounts.models import User
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

# English that Django, modeltranslation and simple-history leave on Spanish screens.
KNOWN_LEFTOVERS = [
    "Select an option",
    "Run",
    "Search",
    "History",
    "Historical",
    "Change reason",
    "Changed by",
    "Changed",
    "Created",
    "Revert",
    "Object",
    "None",
    "Pagination",
    "Filter by",
    "Press the",
    "Choose a date",
    "True",
    "False",
    "[en]",
    "[es]",
]


@pytest.fixture
def spanish_client(client, make_article, make_topic):
    user = User.objects.create_superuser(
        "edna@example.org", "pw-for-tests-1", preferred_language="es", display_name="Edna"
    )
    client.force_login(user)
    return client


def english_on(html):
    text = visible_text(html, "es")
    return [word for word in KNOWN_LEFTOVERS if word in text]


def test_the_spanish_admin_screens_have_no_english(spanish_client, make_article, make_topic):
    article = make_article(topics=[make_topic()])
    article.title_en = "Changed title"
    article.save()
    first = article.history.earliest("history_date")
    paths = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/article/{article.pk}/history/{first.history_id}/",
        "/admin/articles/promo/add/",
        "/admin/accounts/user/",
    ]
    found = {}
    for path in paths:
        response = spanish_client.get(path)
        assert response.status_code == 200, path
        found[path] = english_on(response.text)
    assert found == {path: [] for path in paths}
