"""Every change to an article, topic, page or promo is recorded, with who and when."""

import pytest
from django.utils import translation

from accounts.models import User
from articles.models import Article
from tests.helpers import NO_NOTES, RESEARCH_FORM

pytestmark = pytest.mark.django_db


def change_form(article, **changes):
    return (
        {
            "title_en": article.title_en,
            "slug_en": article.slug_en,
            "summary_en": article.summary_en,
            "body_en": article.body_en,
            "title_es": article.title_es,
            "slug_es": article.slug_es,
            "summary_es": article.summary_es,
            "body_es": article.body_es,
            "status": article.status,
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
        }
        | RESEARCH_FORM
        | NO_NOTES
        | changes
    )


def test_the_history_keeps_both_languages_and_who_changed_them(
    admin_client, admin_user, make_article
):
    article = make_article()
    response = admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form(article, title_en="Edited title", body_es="Texto corregido."),
    )
    assert response.status_code == 302
    latest, created = article.history.all()[:2]
    assert latest.history_user == admin_user and latest.history_type == "~"
    assert (latest.title_en, latest.body_es) == ("Edited title", "Texto corregido.")
    assert (created.title_en, created.body_es) == (article.title_en, article.body_es)
    assert created.history_user is None  # made outside a request


def test_the_history_page_lists_the_changes(admin_client, make_article):
    article = make_article()
    admin_client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, title_en="Edited")
    )
    html = admin_client.get(f"/admin/articles/article/{article.pk}/history/").text
    assert "admin@example.org" in html
    assert "Edited" in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_reverting_restores_both_languages(admin_client, make_article, language):
    article = make_article()
    original = (article.title_en, article.title_es, article.body_en, article.body_es)
    admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form(article, title_en="Wrong", title_es="Incorrecto", body_es="Mal."),
    )
    first = article.history.earliest("history_date")
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    # The admin speaks the staff member's preferred language.
    User.objects.update(preferred_language=language)
    with translation.override(language):
        form = admin_client.get(url, headers={"accept-language": language})
        assert form.status_code == 200
        response = admin_client.post(
            url,
            change_form(Article.objects.get(pk=article.pk))
            | {
                "title_en": first.title_en,
                "title_es": first.title_es,
                "body_es": first.body_es,
            },
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.title_es, article.body_en, article.body_es) == original


def test_topics_pages_and_promos_have_history(admin_client, make_topic, make_page, make_promo):
    for obj in (make_topic(), make_page(), make_promo()):
        assert obj.history.count() == 1
        url = f"/admin/articles/{obj._meta.model_name}/{obj.pk}/history/"
        assert admin_client.get(url).status_code == 200


def test_a_click_is_not_an_edit_and_history_keeps_the_live_count(client, make_promo):
    promo = make_promo()
    for n in range(3):  # three readers
        client.get(f"/en/promo/{promo.pk}/", REMOTE_ADDR=f"192.0.2.{n}")
    assert promo.history.count() == 1
    promo.refresh_from_db()
    assert promo.history.first().instance.clicks == 3
