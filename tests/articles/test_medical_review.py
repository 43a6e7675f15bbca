"""Who reviewed an article medically, when, and which reviews are overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def test_readers_see_who_reviewed_the_article_and_when(client, make_article):
    article = make_article(
        reviewer_name="Dr Ana Ruiz",
        reviewer_credentials_en="consultant medical oncologist",
        reviewer_credentials_es="oncóloga médica consultora",
        last_reviewed_on=date(2026, 3, 2),
    )
    english = visible_text(client.get(f"/en/news/{article.slug_en}/").text, "en")
    spanish = visible_text(client.get(f"/es/noticias/{article.slug_es}/").text, "es")
    assert (
        "Medically reviewed by Dr Ana Ruiz, consultant medical oncologist, on March 2, 2026"
        in english
    )
    assert (
        "Revisado médicamente por Dr Ana Ruiz, oncóloga médica consultora, el 2 de marzo de 2026"
        in spanish
    )


def test_without_spanish_credentials_the_spanish_page_gives_the_name_only(client, make_article):
    article = make_article(
        reviewer_name="Dr Ana Ruiz",
        reviewer_credentials_en="consultant medical oncologist",
        last_reviewed_on=date(2026, 3, 2),
    )
    spanish = visible_text(client.get(f"/es/noticias/{article.slug_es}/").text, "es")
    assert "Revisado médicamente por Dr Ana Ruiz el 2 de marzo de 2026" in spanish
    assert "oncologist" not in spanish


def test_no_review_line_until_the_review_is_known(client, make_article):
    article = make_article(reviewer_name="Dr Ana Ruiz")
    assert "reviewed" not in client.get(f"/en/news/{article.slug_en}/").text


def test_overdue_articles_are_found_and_flagged(client, admin_user, make_article):
    today = timezone.localdate()
    overdue = make_article(title_en="Overdue study", next_review_due=today - timedelta(days=1))
    due_today = make_article(title_en="Due today study", next_review_due=today)
    make_article(
        title_en="Archived study", next_review_due=today - timedelta(days=9), status="archived"
    )
    make_article(title_en="Unscheduled study")
    assert list(Article.objects.overdue_for_review()) == [overdue]
    assert overdue.is_overdue_for_review and not due_today.is_overdue_for_review

    client.force_login(admin_user)
    html = client.get("/admin/articles/article/", {"review": "overdue"}).text
    assert "Overdue study" in html
    assert "Due today study" not in html and "Archived study" not in html
    assert "Unscheduled study" not in html
    assert "overdue" in visible_text(html, "en")
    assert "Overdue for review" in html


def test_never_reviewed_articles_are_listed(client, admin_user, make_article):
    make_article(title_en="Reviewed study", last_reviewed_on=date(2025, 1, 1))
    make_article(title_en="New study")
    client.force_login(admin_user)
    html = client.get("/admin/articles/article/", {"review": "never"}).text
    assert "New study" in html and "Reviewed study" not in html
