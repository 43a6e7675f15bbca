"""Answering "Was this article helpful?" by posting to the article's feedback address."""

import pytest
from django.test import Client

from accounts.models import User
from articles.models import Article
from feedback.models import HelpfulnessVote
from tests.helpers import PASSWORD, visible_text

pytestmark = pytest.mark.django_db

FETCH = {"X-Requested-With": "fetch"}


def test_the_address_is_under_the_article_in_each_language(make_article, vote_url):
    article = make_article()
    assert vote_url(article) == f"/en/news/{article.slug_en}/feedback/"
    assert vote_url(article, "es") == f"/es/noticias/{article.slug_es}/opinion/"


def test_it_rejects_get(client, make_article, vote_url):
    assert client.get(vote_url(make_article())).status_code == 405


def test_an_anonymous_reader_votes_and_returns_to_the_question(client, make_article, vote_url):
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "yes"})
    assert response.status_code == 302
    assert response.url == f"/en/news/{article.slug_en}/#feedback"
    vote = HelpfulnessVote.objects.get()
    assert (vote.article, vote.helpful, vote.language, vote.user) == (article, True, "en", None)
    assert vote.voter is not None
    page = client.get(response.url).text
    assert "Thank you for your feedback." in visible_text(page, "en")
    assert 'value="yes" aria-pressed="true"' in page
    assert 'value="no" aria-pressed="false"' in page


def test_a_signed_in_reader_votes_with_their_account(client, make_article, vote_url):
    user = User.objects.create_user("reader@example.org", PASSWORD)
    client.force_login(user)
    article = make_article()
    assert client.post(vote_url(article), {"helpful": "no"}).status_code == 302
    vote = HelpfulnessVote.objects.get()
    assert (vote.user, vote.voter, vote.helpful) == (user, None, False)


def test_repeating_a_vote_keeps_one_vote(client, make_article, vote_url):
    article = make_article()
    for _ in range(3):
        client.post(vote_url(article), {"helpful": "yes"})
    assert HelpfulnessVote.objects.count() == 1


def test_voting_again_changes_the_vote(client, make_article, vote_url):
    article = make_article()
    client.post(vote_url(article), {"helpful": "yes"})
    client.post(vote_url(article), {"helpful": "no"})
    assert list(HelpfulnessVote.objects.values_list("helpful", flat=True)) == [False]
    page = client.get(f"/en/news/{article.slug_en}/").text
    assert 'value="no" aria-pressed="true"' in page


def test_each_reader_has_their_own_vote(make_article, vote_url):
    article = make_article()
    for answer in ("yes", "no", "no"):
        Client().post(vote_url(article), {"helpful": answer})
    assert HelpfulnessVote.objects.summary() == {
        "yes": 1,
        "no": 2,
        "percent": pytest.approx(33.33, 0.01),
    }


def test_after_no_the_reader_may_say_what_was_missing(client, make_article, vote_url):
    article = make_article()
    page = client.get(client.post(vote_url(article), {"helpful": "no"}).url).text
    assert '<label for="feedback-comment">What was missing or unclear?' in page
    assert 'maxlength="1000"' in page

    response = client.post(
        vote_url(article),
        {
            "helpful": "no",
            "comment": "Which dose? Write to me at ana@example.org or +1 800-865-1125.",
        },
    )
    assert response.status_code == 302
    vote = HelpfulnessVote.objects.get()
    assert vote.comment == "Which dose? Write to me at [email] or [phone]."
    page = visible_text(client.get(response.url).text, "en")
    assert "Thank you for telling us what was missing or unclear." in page
    assert "What was missing or unclear?" not in page


@pytest.mark.parametrize(
    ("comment", "stored"),
    [
        ("Call +1 800-865-1125 please", "Call [phone] please"),
        ("Call (555) 123-4567 please", "Call [phone] please"),
        ("Call 555 123 4567 please", "Call [phone] please"),
        ("Call 555.123.4567 or +34 912 345 678", "Call [phone] or [phone]"),
        ("Mail ana.lopez+news@correo.example.es.", "Mail [email]."),
        (
            "I took 20 mg twice a day in 2012, 3 times.",
            "I took 20 mg twice a day in 2012, 3 times.",
        ),
        ("The study ended on 2013-02-26.", "The study ended on 2013-02-26."),
    ],
)
def test_contact_details_are_masked_before_storage(client, make_article, vote_url, comment, stored):
    client.post(vote_url(make_article()), {"helpful": "no", "comment": comment})
    assert HelpfulnessVote.objects.get().comment == stored


def test_a_second_no_keeps_the_comment_and_yes_drops_it(client, make_article, vote_url):
    article = make_article()
    client.post(vote_url(article), {"helpful": "no", "comment": "No dose given."})
    client.post(vote_url(article), {"helpful": "no"})
    assert HelpfulnessVote.objects.get().comment == "No dose given."
    client.post(vote_url(article), {"helpful": "yes", "comment": "Ignored"})
    assert HelpfulnessVote.objects.get().comment == ""


def test_the_honeypot_pretends_success_and_stores_nothing(client, make_article, vote_url):
    article = make_article()
    url = vote_url(article)
    response = client.post(url, {"helpful": "yes", "website": "http://spam.example"})
    assert response.status_code == 302
    fragment = client.post(url, {"helpful": "no", "website": "x"}, headers=FETCH)
    assert fragment.status_code == 200
    assert "Thank you for your feedback." in fragment.text
    assert not HelpfulnessVote.objects.exists()


def test_an_overlong_comment_is_refused_and_nothing_is_saved(client, make_article, vote_url):
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "no", "comment": "x" * 1001})
    assert response.status_code == 400
    text = visible_text(response.text, "en")
    assert "Please shorten your comment to 1,000 characters or fewer (it has 1001)." in text
    # The reader gets their text back to shorten it.
    assert "x" * 1001 in response.text
    assert not HelpfulnessVote.objects.exists()


def test_line_breaks_count_as_one_character_as_in_the_browser(client, make_article, vote_url):
    comment = "\r\n".join(["x" * 99] * 10)  # 1,000 characters as the reader typed them
    response = client.post(vote_url(make_article()), {"helpful": "no", "comment": comment})
    assert response.status_code == 302
    assert HelpfulnessVote.objects.get().comment == comment.replace("\r\n", "\n")


@pytest.mark.parametrize("data", [{"helpful": "maybe"}, {}, {"helpful": ""}, {"helpful": "1"}])
def test_a_malformed_answer_is_a_readable_400(client, make_article, vote_url, data):
    article = make_article()
    response = client.post(vote_url(article), data)
    assert response.status_code == 400
    text = visible_text(response.text, "en")
    assert "Your answer was not saved" in text
    assert "Please answer Yes or No." in text
    assert f'href="/en/news/{article.slug_en}/"' in response.text
    # The error page's address takes only POSTs: no language switch leads to it.
    assert "hreflang" not in response.text
    assert not HelpfulnessVote.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"status": Article.Status.DRAFT}, {"published_at": "2999-01-01T00:00:00Z"}],
    ids=["draft", "scheduled"],
)
def test_it_404s_for_an_unpublished_article(client, make_article, vote_url, fields):
    response = client.post(vote_url(make_article(**fields)), {"helpful": "yes"})
    assert response.status_code == 404
    assert not HelpfulnessVote.objects.exists()


def test_it_404s_for_an_unknown_article(client):
    assert client.post("/en/news/no-such-study/feedback/", {"helpful": "yes"}).status_code == 404


def test_it_404s_for_the_spanish_address_of_an_english_only_article(client, make_article):
    article = make_article(spanish=False)
    response = client.post(f"/es/noticias/{article.slug_en}/opinion/", {"helpful": "yes"})
    assert response.status_code == 404


def test_it_needs_the_csrf_token_of_the_page(make_article, vote_url):
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(vote_url(article), {"helpful": "yes"}).status_code == 403
    assert not HelpfulnessVote.objects.exists()

    page = browser.get(f"/en/news/{article.slug_en}/")
    token = page.context["csrf_token"]
    response = browser.post(vote_url(article), {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert HelpfulnessVote.objects.count() == 1


def test_too_many_votes_from_one_address_are_refused(make_article, vote_url, rate_limit):
    rate_limit(3)
    article = make_article()
    for _ in range(3):
        assert Client().post(vote_url(article), {"helpful": "yes"}).status_code == 302
    refused = Client().post(vote_url(article), {"helpful": "yes"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Many answers have come from your network" in visible_text(refused.text, "en")
    assert HelpfulnessVote.objects.count() == 3
    # Another address is another client.
    other = Client(REMOTE_ADDR="192.0.2.7").post(vote_url(article), {"helpful": "yes"})
    assert other.status_code == 302


def test_behind_a_proxy_the_address_it_forwards_is_the_client(
    make_article, vote_url, rate_limit, settings
):
    settings.PROXY_COUNT = 1
    rate_limit(1)
    article = make_article()
    first = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    second = {"X-Forwarded-For": "198.51.100.1, 203.0.113.10"}
    assert Client().post(vote_url(article), {"helpful": "yes"}, headers=first).status_code == 302
    assert Client().post(vote_url(article), {"helpful": "no"}, headers=second).status_code == 302
    assert Client().post(vote_url(article), {"helpful": "no"}, headers=first).status_code == 429


def test_the_rate_limit_keeps_no_address(client, make_article, vote_url):
    client.post(vote_url(make_article()), {"helpful": "yes"})
    assert "127.0.0.1" not in HelpfulnessVote.objects.get().client


def test_a_script_gets_the_panel_in_place_of_a_redirect(client, make_article, vote_url):
    article = make_article()
    response = client.post(vote_url(article), {"helpful": "yes"}, headers=FETCH)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith('<section class="panel feedback" id="feedback"')
    assert html.endswith("</section>")
    assert "<script" not in html
    assert 'value="yes" aria-pressed="true" data-feedback-focus' in html
    assert (
        '<p class="feedback__thanks" data-feedback-announce>Thank you for your feedback.</p>'
        in html
    )


def test_a_script_gets_the_panel_with_the_error(client, make_article, vote_url):
    response = client.post(
        vote_url(make_article()), {"helpful": "no", "comment": "x" * 1200}, headers=FETCH
    )
    assert response.status_code == 400
    assert response.text.strip().startswith("<section")
    assert 'aria-invalid="true" data-feedback-focus' in response.text


def test_a_spanish_reader_is_thanked_in_spanish(client, make_article, vote_url):
    article = make_article()
    response = client.post(vote_url(article, "es"), {"helpful": "no"})
    assert response.url == f"/es/noticias/{article.slug_es}/#feedback"
    assert HelpfulnessVote.objects.get().language == "es"
    text = visible_text(client.get(response.url).text, "es")
    assert "Gracias por su opinión." in text
    assert "¿Qué faltó o no quedó claro?" in text
    fragment = client.post(
        vote_url(article, "es"), {"helpful": "no", "comment": "Falta la dosis."}, headers=FETCH
    )
    assert "Gracias por contarnos qué faltó o qué no quedó claro." in fragment.text


def test_a_spanish_reader_gets_errors_in_spanish(client, make_article, vote_url):
    article = make_article()
    malformed = client.post(vote_url(article, "es"), {"helpful": "quizá"})
    assert malformed.status_code == 400
    text = visible_text(malformed.text, "es")
    assert "Responda Sí o No." in text
    assert "No se guardó su respuesta" in text
    overlong = client.post(vote_url(article, "es"), {"helpful": "no", "comment": "x" * 1001})
    assert "Acorte su comentario a 1000 caracteres o menos (tiene 1001)." in overlong.text
