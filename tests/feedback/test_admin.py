"""What editors learn from readers' answers, in the admin."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from feedback.models import HelpfulnessVote
from newsroom.admin import ArticleAdmin
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def votes():
    """Create votes on an article: votes(article, "yyn", language="es", comments=[...])."""

    def votes(article, answers, language="en", comments=(), when=None):
        comments = list(comments) + [""] * len(answers)
        created = HelpfulnessVote.objects.bulk_create(
            HelpfulnessVote(
                article=article,
                helpful=answer == "y",
                language=language,
                comment=comment,
                client="c",
            )
            for answer, comment in zip(answers, comments, strict=False)
        )
        if when:
            HelpfulnessVote.objects.filter(pk__in=[v.pk for v in created]).update(
                created_at=when, updated_at=when
            )

    return votes


def column(name):
    """The changelist's `o` parameter that sorts by a list_display column."""
    return str(ArticleAdmin.list_display.index(name) + 1)


def titles_in_order(html, articles):
    return sorted(articles, key=lambda article: html.index(article.title_en))


def test_the_article_list_shows_the_share_helpful_of_how_many_in_one_column(
    admin_client, make_article, votes
):
    article, unanswered = make_article(), make_article()
    votes(article, "yyn")
    html = admin_client.get("/admin/articles/article/").text
    row = html[html.index(article.title_en) :].split("</tr>")[0]
    report = f'href="/admin/articles/article/{article.pk}/feedback/"'
    assert f"{report}>67 % of 3</a>" in row
    empty = html[html.index(unanswered.title_en) :].split("</tr>")[0]
    assert "no answers</a>" in empty
    assert ">helpful</a></div>" in html.lower()
    User.objects.update(preferred_language="es")
    assert "67 % de 3</a>" in admin_client.get("/admin/articles/article/").text


def test_the_helpful_column_sorts_by_share(admin_client, make_article, votes):
    low, high, middle = make_article(), make_article(), make_article()
    votes(low, "ynnn")
    votes(high, "yyyyn")
    votes(middle, "yynn")
    by_share = admin_client.get("/admin/articles/article/", {"o": column("helpful_column")}).text
    assert titles_in_order(by_share, [low, high, middle]) == [low, middle, high]


def test_the_language_filter_counts_that_languages_votes(admin_client, make_article, votes):
    both, english_only = make_article(), make_article()
    votes(both, "yyy", language="en")
    votes(both, "n", language="es")
    votes(english_only, "y", language="en")
    html = admin_client.get("/admin/articles/article/", {"vote_language": "es"}).text
    assert "votes cast in" in html.lower()
    row = html[html.index(both.title_en) :].split("</tr>")[0]
    assert "0 % of 1</a>" in row
    assert english_only.title_en not in html


@pytest.mark.parametrize("size", [(2, 3), (40, 25)], ids=["small", "large"])
@pytest.mark.parametrize(
    "query", [{}, {"vote_language": "es"}, {"o": "-" + column("helpful_column")}]
)
def test_the_article_list_costs_the_same_queries_however_many_votes(
    admin_client, make_article, make_topic, votes, django_assert_num_queries, size, query
):
    n_articles, n_votes = size
    topics = [make_topic() for _ in range(3)]
    for _ in range(n_articles):
        article = make_article(topics=topics)
        votes(article, "yn" * n_votes, language="en")
        votes(article, "y" * n_votes, language="es")
    # Session, user, topics for their filter, the filtered and the total count, the page
    # of articles with their counts, and two for the date hierarchy.
    with django_assert_num_queries(8):
        assert admin_client.get("/admin/articles/article/", query).status_code == 200


def test_votes_are_read_only_for_editors(client, make_article, votes):
    editor = User.objects.create_user("editor@example.org", PASSWORD, is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_helpfulnessvote", "delete_helpfulnessvote"])
    )
    client.force_login(editor)
    votes(make_article(), "n", comments=["Too short."])
    vote = HelpfulnessVote.objects.get()
    assert client.get("/admin/feedback/helpfulnessvote/").status_code == 200
    assert client.get("/admin/feedback/helpfulnessvote/add/").status_code == 403
    detail = client.get(f"/admin/feedback/helpfulnessvote/{vote.pk}/change/")
    assert detail.status_code == 200
    assert 'name="comment"' not in detail.text and "Too short." in detail.text
    edit = client.post(f"/admin/feedback/helpfulnessvote/{vote.pk}/change/", {"comment": "Edited"})
    assert edit.status_code == 403
    assert client.post(f"/admin/feedback/helpfulnessvote/{vote.pk}/delete/").status_code == 403
    vote.refresh_from_db()
    assert vote.comment == "Too short."


def test_a_superuser_may_delete_a_vote(admin_client, make_article, votes):
    votes(make_article(), "n", comments=["My name is Ana Pérez."])
    vote = HelpfulnessVote.objects.get()
    response = admin_client.post(
        f"/admin/feedback/helpfulnessvote/{vote.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not HelpfulnessVote.objects.exists()


def test_the_report_shows_answers_by_language_and_month_and_the_comments(
    admin_client, make_article, votes
):
    article = make_article(title_en="Yoga and fatigue")
    votes(article, "yyn", language="en", when=datetime(2025, 1, 15, tzinfo=UTC))
    votes(
        article,
        "nn",
        language="es",
        comments=["Falta la dosis.", ""],
        when=datetime(2025, 3, 2, tzinfo=UTC),
    )
    votes(make_article(), "nnnn", comments=["Another article"])
    response = admin_client.get(f"/admin/articles/article/{article.pk}/feedback/")
    assert response.status_code == 200
    html = response.text
    assert "Feedback on “Yoga and fatigue”" in html
    assert "5 readers answered: 2 Yes, 3 No." in html
    assert "40% found it helpful." in html
    assert (
        '<th scope="row">English</th>\n        <td>2</td>\n        <td>1</td>\n        <td>67</td>'
        in html
    )
    assert (
        '<th scope="row">Spanish</th>\n        <td>0</td>\n        <td>2</td>\n        <td>0</td>'
        in html
    )
    assert html.index("March 2025") < html.index("January 2025")
    assert '<td lang="es">Falta la dosis.</td>' in html
    assert "Another article" not in html
    assert f'href="/admin/articles/article/{article.pk}/feedback/votes.csv"' in html


def test_the_report_needs_permission_to_read_votes(client, make_article):
    article = make_article()
    editor = User.objects.create_user("editor@example.org", PASSWORD, is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{article.pk}/feedback/").status_code == 403
    editor.user_permissions.add(Permission.objects.get(codename="view_helpfulnessvote"))
    assert client.get(f"/admin/articles/article/{article.pk}/feedback/").status_code == 200
    anonymous = Client().get(f"/admin/articles/article/{article.pk}/feedback/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def test_the_csv_export_has_every_vote_and_comment(admin_client, make_article, votes):
    article = make_article(title_en="Yoga and fatigue")
    votes(article, "yn", language="es", comments=["", "Falta la dosis, ¿cuánta?"])
    response = admin_client.get(f"/admin/articles/article/{article.pk}/feedback/votes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="feedback-{article.slug_en}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "article ID",
        "article",
        "answered",
        "changed",
        "language",
        "helpful",
        "comment",
    ]
    assert [row[:2] + row[4:] for row in rows[1:]] == [
        [str(article.pk), "Yoga and fatigue", "es", "yes", ""],
        [str(article.pk), "Yoga and fatigue", "es", "no", "Falta la dosis, ¿cuánta?"],
    ]


@pytest.mark.parametrize(
    "comment",
    ['=HYPERLINK("http://evil.example","Click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"],
)
def test_the_csv_export_cannot_run_formulas_in_a_spreadsheet(
    admin_client, make_article, votes, comment
):
    article = make_article(title_en="=cmd|' /C calc'!A0")
    votes(article, "n", comments=[comment])
    rows = read_csv(admin_client.get(f"/admin/articles/article/{article.pk}/feedback/votes.csv"))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][6] == f"'{comment}"


@pytest.mark.parametrize("comment", ["\uff1d1+1", "\uff0b1+1", "\uff0d2+3", "\uff20SUM(A1)"])
def test_the_csv_export_cannot_run_full_width_formulas(admin_client, make_article, votes, comment):
    # Spreadsheets read a full-width equals sign (U+FF1D) as "=".
    article = make_article()
    votes(article, "n", comments=[comment])
    rows = read_csv(admin_client.get(f"/admin/articles/article/{article.pk}/feedback/votes.csv"))
    assert rows[1][6] == f"'{comment}"


@pytest.mark.parametrize(
    "address",
    [
        "/admin/articles/article/abc/feedback/",
        "/admin/articles/article/abc/feedback/votes.csv",
        "/admin/articles/article/1.5/feedback/",
        "/admin/articles/article/1.5/feedback/votes.csv",
        "/admin/articles/article/abc/history/",
        "/admin/articles/article/{pk}/history/abc/",
        "/admin/articles/article/{pk}/history/1.5/",
        "/admin/articles/promo/abc/history/",
    ],
)
def test_a_crafted_admin_address_is_not_found(admin_client, make_article, address):
    article = make_article()
    assert admin_client.get(address.format(pk=article.pk)).status_code == 404


def test_selected_votes_download_as_csv(admin_client, make_article, votes):
    first, second = make_article(), make_article()
    votes(first, "y")
    votes(second, "n", comments=["Why?"])
    response = admin_client.post(
        "/admin/feedback/helpfulnessvote/",
        {
            "action": "download_csv",
            "_selected_action": list(HelpfulnessVote.objects.values_list("pk", flat=True)),
        },
    )
    rows = read_csv(response)
    assert sorted((row[0], row[5], row[6]) for row in rows[1:]) == sorted(
        [(str(first.pk), "yes", ""), (str(second.pk), "no", "Why?")]
    )
