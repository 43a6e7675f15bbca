"""One bilingual form: English and Spanish side by side, for editors and translators."""

import re

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def translator_client(client):
    user = User.objects.create_user("translator@example.org", "pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Translators"))
    client.force_login(user)
    return client


def rows(html):
    """The form's rows, each as the field names it holds, in order."""
    return [
        re.findall(r"field-([a-z_]+)", classes)
        for classes in re.findall(r'<div class="form-row([^"]*)"', html)
    ]


def test_each_translated_field_has_english_and_spanish_on_one_row(admin_client):
    html = admin_client.get("/admin/articles/article/add/").text
    for field in ("title", "slug", "summary", "body", "meta_description"):
        assert [f"{field}_en", f"{field}_es"] in rows(html), field
    # No tab pair per field, no language switch.
    assert "tabbed_translation_fields" not in html and "jquery-ui" not in html
    assert 'lang="es"' in re.search(r'<input[^>]*name="title_es"[^>]*>', html).group()
    assert "Title (English)" in html and "Title (Spanish)" in html


def test_the_spanish_form_names_the_languages_in_spanish(admin_client, admin_user):
    admin_user.preferred_language = "es"
    admin_user.save()
    html = admin_client.get("/admin/articles/article/add/").text
    assert "Título (inglés)" in html and "Título (español)" in html


def test_long_text_gets_a_text_area(admin_client):
    html = admin_client.get("/admin/articles/promo/add/").text
    assert re.search(r'<textarea[^>]*name="text_en"', html)
    html = admin_client.get("/admin/articles/article/add/").text
    assert re.search(r'<textarea[^>]*name="meta_description_es"', html)


def test_a_translator_sees_what_changed_in_english_since_the_spanish(
    translator_client, make_article
):
    article = make_article(body_en="Walking helps most patients after surgery.")
    article.body_en = "Walking helps many patients after hip surgery."
    article.save()
    assert article.spanish_status == "out of date"
    html = translator_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "<del>most</del>" in html and "<ins>many</ins>" in html
    assert "<ins>hip</ins>" in html
    # The English stays beside the Spanish, read-only.
    assert ["body_en", "body_es"] in rows(html)
    assert 'name="body_en"' not in html


def test_no_english_changes_are_shown_when_the_spanish_is_up_to_date(
    translator_client, make_article
):
    article = make_article()
    html = translator_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "<ins>" not in html
    assert Article.objects.get(pk=article.pk).spanish_status == "current"
