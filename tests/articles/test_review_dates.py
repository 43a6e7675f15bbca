"""Issue 17, part 3: review dates readers can trust."""

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(make_article):
    def reviewed(next_review_due):
        return make_article(
            reviewer_name="Dr Ana Ruiz",
            last_reviewed_on=timezone.localdate() - timedelta(days=300),
            next_review_due=next_review_due,
        )

    return reviewed


def test_readers_see_when_the_next_review_is_due_in_both_languages(client, reviewed):
    due = timezone.localdate() + timedelta(days=60)
    article = reviewed(due)
    english = visible_text(client.get(article.url_in("en")).text, "en")
    spanish = visible_text(client.get(article.url_in("es")).text, "es")
    assert "Medically reviewed by Dr Ana Ruiz on" in english
    with translation.override("en"):
        assert f"Next review due {date_format(due, 'DATE_FORMAT')}" in english
    assert "Revisado médicamente por Dr Ana Ruiz el" in spanish
    with translation.override("es"):
        assert f"Próxima revisión prevista el {date_format(due, 'DATE_FORMAT')}" in spanish


def test_a_review_due_today_is_still_shown(client, reviewed):
    article = reviewed(timezone.localdate())
    assert "Next review due" in client.get(article.url_in("en")).text


def test_an_overdue_review_shows_only_the_last_review_while_editors_keep_it_listed(
    client, admin_client, reviewed
):
    article = reviewed(timezone.localdate() - timedelta(days=1))
    for language, due in (("en", "Next review due"), ("es", "Próxima revisión")):
        html = client.get(article.url_in(language)).text
        assert due not in html
        assert 'class="meta medical-review"' in html  # the last review still is
    overdue = admin_client.get("/admin/articles/article/", {"review": "overdue"}).text
    assert article.title_en in overdue


def test_a_page_stored_just_before_midnight_does_not_show_the_due_date_after_it(
    page_cache_on, reviewed, time_machine
):
    today = timezone.localdate()
    time_machine.move_to(timezone.make_aware(datetime.combine(today, time(23, 59))))
    article = reviewed(today)
    assert "Next review due" in Client().get(article.url_in("en")).text
    time_machine.move_to(timezone.make_aware(datetime.combine(today, time(23, 59, 59))))
    assert "Next review due" in Client().get(article.url_in("en")).text  # the stored page
    time_machine.move_to(timezone.make_aware(datetime.combine(today + timedelta(days=1), time())))
    assert "Next review due" not in Client().get(article.url_in("en")).text
