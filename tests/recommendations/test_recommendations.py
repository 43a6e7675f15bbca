import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from accounts.models import Favorite, ReaderProfile, User
from articles.models import Article
from feedback.models import HelpfulnessVote
from recommendations.engine import ALSO_SAVED, GRAVITY, decayed_popularity, recommendations_for
from recommendations.models import ArticleNeighbour, ArticlePopularity
from tests.helpers import PASSWORD, english_interface_leaks, visible_text

pytestmark = pytest.mark.django_db

# Readers who must have saved two articles for one to be recommended with the other.
MIN_READERS = settings.RECOMMENDATIONS_MIN_READERS


@pytest.fixture
def readers():
    """Other readers, who save articles together."""
    made = []

    def readers(count):
        start = len(made)
        made.extend(
            User.objects.create_user(f"other-{n}@example.org") for n in range(start, start + count)
        )
        return made[start:]

    return readers


def save(user, *articles):
    """Save `articles` in order. Saving an article recomputes its own neighbours (the
    other direction waits for the nightly rebuild), so other readers save the article
    the reader's recommendations start from last."""
    for article in articles:
        Favorite.objects.save_article(user, article)


def block(client, article, language="en"):
    """The "Recommended for you" box of an article page, or None."""
    html = client.get(article.url_in(language)).text
    match = re.search(r'<aside class="recommendations".*?</aside>', html, re.S)
    return match and match.group()


def recommended(html, language="en"):
    """[(title, why)] of each recommendation, as a reader sees them."""
    items = re.findall(r'<li class="recommendation">(.*?)</li>', html, re.S)
    found = []
    for item in items:
        title = re.search(r'class="recommendation__title"[^>]*>(.*?)</a>', item, re.S).group(1)
        why = re.search(r'class="recommendation__why">(.*?)</p>', item, re.S).group(1)
        found.append((title, " ".join(re.sub(r"<[^>]+>", "", why).split())))
    return found


def titles(html):
    return [title for title, _why in recommended(html)]


# What readers see


def test_the_block_never_recommends_the_article_being_read(client, reader, make_article):
    articles = [make_article() for _ in range(4)]
    for article in articles:
        assert article.title_en not in titles(block(client, article))


def test_it_never_recommends_what_the_reader_saved(client, reader, make_article, readers):
    saved, also, *others = (make_article() for _ in range(5))
    for other in readers(MIN_READERS):
        save(other, also, saved)
    save(reader, saved, also)
    html = block(client, others[0])
    assert titles(html) == [article.title_en for article in others[1:]]


@pytest.mark.parametrize(
    "unpublish",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_it_never_recommends_an_unpublished_article(
    client, reader, make_article, readers, unpublish
):
    saved, hidden = make_article(), make_article()
    for other in readers(MIN_READERS):
        save(other, hidden, saved)
    save(reader, saved)
    assert hidden.title_en in titles(block(client, make_article()))
    Article.objects.filter(pk=hidden.pk).update(**unpublish)
    assert hidden.title_en not in titles(block(client, make_article()))


def test_readers_who_saved_the_same_article_explain_what_they_also_saved(
    client, reader, make_article, readers
):
    saved, also, unrelated = make_article(), make_article(), make_article()
    for other in readers(MIN_READERS):
        save(other, also, saved)
    save(reader, saved)
    first = recommended(block(client, unrelated))[0]
    assert first == (also.title_en, f"Readers who saved “{saved.title_en}” also saved this")


def test_on_the_page_of_a_saved_article_the_block_still_names_it(
    client, reader, make_article, make_topic, readers
):
    # "Because you saved this article", under a recommended article, read as if the
    # reader had saved the recommended one.
    topic = make_topic()
    saved, also, same_topic = make_article(), make_article(), make_article(topics=[topic])
    Article.objects.get(pk=saved.pk).topics.set([topic])
    for other in readers(MIN_READERS):
        save(other, also, saved)
    save(reader, saved)
    assert set(recommended(block(client, saved, "es"))) == {
        (also.title_es, f"Quienes guardaron «{saved.title_es}» también guardaron este artículo"),
        (same_topic.title_es, f"Porque guardó «{saved.title_es}»"),
    }
    assert (same_topic.title_en, f"Because you saved “{saved.title_en}”") in recommended(
        block(client, saved)
    )


def test_an_article_on_the_topic_of_a_saved_one_says_because_you_saved_it(
    client, reader, make_article, make_topic
):
    topic = make_topic()
    saved, same_topic = make_article(topics=[topic]), make_article(topics=[topic])
    newer_elsewhere = make_article()
    save(reader, saved)
    found = recommended(block(client, newer_elsewhere))
    assert found[0] == (same_topic.title_en, f"Because you saved “{saved.title_en}”")


def test_a_yes_answer_counts_like_a_save(client, reader, make_article, readers):
    helpful, also = make_article(), make_article()
    for other in readers(MIN_READERS):
        save(other, also, helpful)
    HelpfulnessVote.objects.create(
        article=helpful, user=reader, helpful=True, language="en", client="c"
    )
    found = recommended(block(client, make_article()))
    assert found[0] == (also.title_en, f"Readers who saved “{helpful.title_en}” also saved this")
    # The reader has read the article they answered about: it is not recommended to them.
    assert helpful.title_en not in titles(block(client, make_article()))


# What few other readers saved stays private


def see_also_saved(client, reader):
    """The "Readers who saved X also saved this" a reader is shown anywhere."""
    shown = [why for _title, why in recommended(block(client, Article.objects.first()))]
    shown += [why for _title, why in recommended(client.get("/en/accounts/recommendations/").text)]
    shown += [rec.reason for rec in recommendations_for(reader, "en", 20)]
    return [why for why in shown if why == ALSO_SAVED or "also saved" in why]


def yes_answer(user, article):
    HelpfulnessVote.objects.create(
        article=article, user=user, helpful=True, language="en", client="c"
    )


@pytest.mark.parametrize("rebuilt", [False, True], ids=["on saving", "nightly rebuild"])
@pytest.mark.parametrize("seed", [save, yes_answer], ids=["saved", "answered yes"])
def test_what_fewer_than_the_minimum_readers_saved_together_is_never_shown(
    client, reader, make_article, readers, seed, rebuilt
):
    assert MIN_READERS == 5  # the default
    saved, also = make_article(), make_article()
    for other in readers(MIN_READERS - 1):
        save(other, also, saved)
    seed(reader, saved)
    if rebuilt:
        call_command("rebuild_recommendations", verbosity=0)
    assert not ArticleNeighbour.objects.exists()
    assert see_also_saved(client, reader) == []


@pytest.mark.parametrize("rebuilt", [False, True], ids=["on saving", "nightly rebuild"])
@pytest.mark.parametrize("seed", [save, yes_answer], ids=["saved", "answered yes"])
def test_what_the_minimum_readers_saved_together_is_shown(
    client, reader, make_article, readers, seed, rebuilt
):
    saved, also = make_article(), make_article()
    for other in readers(MIN_READERS):
        save(other, also, saved)
    seed(reader, saved)
    if rebuilt:
        call_command("rebuild_recommendations", verbosity=0)
    found = recommended(block(client, make_article()))
    assert found[0] == (also.title_en, f"Readers who saved “{saved.title_en}” also saved this")


def test_the_minimum_is_a_setting(client, reader, make_article, readers, settings):
    settings.RECOMMENDATIONS_MIN_READERS = 2
    saved, also = make_article(), make_article()
    for other in readers(2):
        save(other, also, saved)
    save(reader, saved)
    assert see_also_saved(client, reader) != []


def test_removing_a_save_below_the_minimum_removes_the_pair_both_ways(make_article, readers):
    first, second = make_article(), make_article()
    others = readers(MIN_READERS)
    for other in others:
        save(other, first, second)
    call_command("rebuild_recommendations", verbosity=0)
    assert neighbours_of(first) and neighbours_of(second)
    Favorite.objects.remove_article(others[0], second)
    # Only `second` is refreshed; `first` must not keep it on four readers' word.
    assert neighbours_of(second) == {}
    assert neighbours_of(first) == {}


def test_the_block_shows_three_to_five_articles(client, reader, make_article):
    articles = [make_article() for _ in range(8)]
    assert len(recommended(block(client, articles[0]))) == 5


# Cold start


def test_a_new_reader_with_topics_gets_fresh_articles_in_them(
    client, reader, make_article, make_topic
):
    picked, other = make_topic(), make_topic()
    in_topic = make_article(topics=[picked])
    newer_in_other = [make_article(topics=[other]) for _ in range(3)]
    ReaderProfile.objects.set_interests(reader, [picked])
    found = recommended(block(client, newer_in_other[0]))
    assert found[0] == (in_topic.title_en, f"Popular in {picked.name_en}")


def test_a_reader_we_know_nothing_about_gets_new_and_popular_articles(
    client, reader, make_article, readers
):
    old_popular = make_article(published_at=timezone.now() - timedelta(days=3))
    fresh = make_article(published_at=timezone.now() - timedelta(hours=2))
    older = make_article(published_at=timezone.now() - timedelta(days=30))
    much_older_but_saved = make_article(published_at=timezone.now() - timedelta(days=200))
    for other in readers(4):
        save(other, old_popular, much_older_but_saved)
    found = recommended(block(client, make_article()))
    assert [title for title, _why in found[:4]] == [
        old_popular.title_en,  # four saves, three days old
        fresh.title_en,  # no saves, two hours old
        older.title_en,
        much_older_but_saved.title_en,  # four saves do not make up for 200 days
    ]
    assert {why for _title, why in found} == {"New and popular"}


def test_popularity_fades_with_age_the_same_on_every_database(make_article, readers):
    now = timezone.now()
    article = make_article(published_at=now - timedelta(days=1))
    for other in readers(3):
        save(other, article)
    HelpfulnessVote.objects.create(article=article, helpful=True, language="en", client="c")
    ArticlePopularity.objects.refresh(article.pk)
    popularity = (
        Article.objects.filter(pk=article.pk)
        .annotate(decayed=decayed_popularity(now))
        .values_list("decayed", flat=True)
        .get()
    )
    # 1 + 3 saves + 1 "Yes", over (1 day + 2) ^ GRAVITY.
    assert popularity == pytest.approx(5 / 3**GRAVITY)


# Languages


def test_a_spanish_reader_gets_spanish_first_and_english_only_articles_labelled(
    client, reader, make_article, readers
):
    saved, spanish, english_only = make_article(), make_article(), make_article(spanish=False)
    for other in readers(MIN_READERS):
        save(other, spanish, english_only, saved)
    save(reader, saved)
    html = block(client, make_article(), "es")
    found = recommended(html)
    assert [title for title, _why in found[:2]] == [spanish.title_es, english_only.title_en]
    assert found[0][1] == f"Quienes guardaron «{saved.title_es}» también guardaron este artículo"
    assert (
        f'<a class="recommendation__title" href="/en/news/{english_only.slug_en}/" '
        f'hreflang="en" lang="en">{english_only.title_en}</a>'
    ) in html
    assert "En inglés" in visible_text(html, "es")


def test_a_saved_article_without_spanish_is_named_in_english(client, reader, make_article, readers):
    saved, also = make_article(spanish=False), make_article()
    for other in readers(MIN_READERS):
        save(other, also, saved)
    save(reader, saved)
    html = block(client, make_article(), "es")
    assert f'Quienes guardaron <span lang="en">«{saved.title_en}»</span>' in html


def test_the_spanish_recommendations_page_is_all_spanish(client, reader, make_article, readers):
    saved, also = make_article(), make_article()
    for other in readers(MIN_READERS):
        save(other, also, saved)
    save(reader, saved)
    response = client.get("/es/cuenta/recomendaciones/")
    assert response.status_code == 200
    text = visible_text(response.text, "es")
    assert "Recomendado para usted" in text
    assert also.title_es in text
    assert english_interface_leaks(text) == []


# Turning them off, and anonymous readers


def test_a_reader_who_turned_them_off_gets_no_block_and_no_computing(
    client, reader, make_article, django_assert_num_queries
):
    articles = [make_article() for _ in range(3)]
    ReaderProfile.objects.create(user=reader, show_recommendations=False)
    assert block(client, articles[0]) is None
    request = RequestFactory().get("/")
    request.user = reader
    with django_assert_num_queries(1):  # the reader's settings, nothing else
        render_block(request, articles[0])
    response = client.get("/en/accounts/recommendations/")
    text = visible_text(response.text, "en")
    assert "You have turned recommendations off." in text
    assert 'href="/en/accounts/#id_show_recommendations"' in response.text
    assert articles[1].title_en not in text


def test_an_anonymous_reader_is_invited_to_sign_in_and_learn_more(client, make_article):
    # The seed's words stay on screen; the link's whole text, which screen readers and
    # search engines read, says where "Learn more" goes.
    article = make_article()
    html = client.get(f"/en/news/{article.slug_en}/").text
    assert block(client, article) is None
    assert "Sign in to receive recommendations (Learn more)" in on_screen(html, "en")
    assert (
        '<a href="/en/accounts/recommendations/about/">Learn more<span class="visually-hidden">'
        " about how recommendations work</span></a>"
    ) in html
    html = client.get(f"/es/noticias/{article.slug_es}/").text
    assert "Inicie sesión para recibir recomendaciones (Más información)" in on_screen(html, "es")
    assert (
        '<a href="/es/cuenta/recomendaciones/acerca/">Más información<span class="visually-hidden">'
        " sobre cómo funcionan las recomendaciones</span></a>"
    ) in html


def on_screen(html, language):
    """The page's text without what only screen readers hear."""
    return visible_text(re.sub(r'<span class="visually-hidden">.*?</span>', "", html), language)


@pytest.mark.parametrize(
    ("path", "language", "words"),
    [
        (
            "/en/accounts/recommendations/about/",
            "en",
            ["The articles you save as favorites.", "Turning recommendations off"],
        ),
        (
            "/es/cuenta/recomendaciones/acerca/",
            "es",
            ["Los artículos que guarda como favoritos.", "Desactivar las recomendaciones"],
        ),
    ],
)
def test_the_learn_more_page_says_which_data_is_used_and_how_to_turn_it_off(
    client, path, language, words
):
    response = client.get(path)
    assert response.status_code == 200
    text = visible_text(response.text, language)
    for sentence in words:
        assert sentence in text
    if language == "es":
        assert english_interface_leaks(text) == []


def test_the_recommendations_page_needs_a_signed_in_reader(client):
    response = client.get("/en/accounts/recommendations/")
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/sign-in/")


# The recommendations page


def test_the_recommendations_page_shows_the_top_20_on_one_page(client, reader, make_article):
    articles = [make_article() for _ in range(25)]
    html = client.get("/en/accounts/recommendations/").text
    found = titles(html)
    assert found == [article.title_en for article in articles[:20]]
    assert "?page=" not in html
    assert "New and popular articles. Save articles you like" in visible_text(html, "en")


# Settings and sign-up


def test_settings_save_topics_and_turn_recommendations_off(client, reader, make_topic):
    first, second, third = make_topic(), make_topic(), make_topic()
    response = client.post(
        "/en/accounts/",
        {
            "display_name": "Ana",
            "preferred_language": "en",
            "show_recommendations": "",
            "interests": [first.pk, third.pk],
        },
    )
    assert response.status_code == 302
    profile = ReaderProfile.objects.get(user=reader)
    assert not profile.show_recommendations
    assert set(profile.interests.all()) == {first, third}
    html = client.get("/en/accounts/").text
    assert f'value="{first.pk}" id="id_interests_0" checked' in html
    assert (
        "checked" not in re.search(r'<input[^>]*id="id_show_recommendations"[^>]*>', html).group()
    )
    assert second.name_en in html


def test_recommendations_are_on_until_a_reader_turns_them_off(client, reader):
    html = client.get("/es/cuenta/").text
    assert re.search(r'<input[^>]*id="id_show_recommendations"[^>]*checked', html)
    assert "Temas que le interesan" in html


def test_topics_picked_at_sign_up_are_kept_for_the_unconfirmed_account(client, make_topic):
    picked, _other = make_topic(), make_topic()
    response = client.post(
        "/en/accounts/sign-up/",
        {
            "email": "new@example.org",
            "display_name": "",
            "preferred_language": "en",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "interests": [picked.pk],
        },
    )
    assert response.url == "/en/accounts/sign-up/sent/"
    user = User.objects.get(email="new@example.org")
    assert not user.is_active
    assert list(ReaderProfile.objects.get(user=user).interests.all()) == [picked]


def test_the_sign_up_form_offers_topics_in_spanish(client, make_topic):
    topic = make_topic()
    text = visible_text(client.get("/es/cuenta/registro/").text, "es")
    assert "Temas que le interesan" in text
    assert topic.name_es in text


# The neighbour table


def neighbours_of(article):
    return dict(ArticleNeighbour.objects.filter(article=article).values_list("neighbour", "score"))


def test_saving_and_removing_refresh_the_articles_neighbours_and_counts(
    make_article, readers, settings
):
    # The scores' arithmetic, on two readers: apart from the minimum.
    settings.RECOMMENDATIONS_MIN_READERS = 1
    first, second, third = make_article(), make_article(), make_article()
    ana, ben = readers(2)
    save(ana, second, third)
    save(ana, first)
    assert neighbours_of(first) == {second.pk: pytest.approx(1.0), third.pk: pytest.approx(1.0)}
    save(ben, second)
    save(ben, first)
    # Both savers of `first` saved `second`; one of its two saved `third`.
    assert neighbours_of(first) == {
        second.pk: pytest.approx(2 / (2 * 2) ** 0.5),
        third.pk: pytest.approx(1 / (2 * 1) ** 0.5),
    }
    assert ArticlePopularity.objects.get(article=first).saves == 2
    Favorite.objects.remove_article(ana, first)
    assert neighbours_of(first) == {second.pk: pytest.approx(1 / (1 * 2) ** 0.5)}
    assert ArticlePopularity.objects.get(article=first).saves == 1
    Favorite.objects.remove_article(ben, first)
    assert neighbours_of(first) == {}
    assert not ArticlePopularity.objects.filter(article=first).exists()


def test_saving_twice_leaves_the_neighbours_as_they_were(make_article, readers, settings):
    settings.RECOMMENDATIONS_MIN_READERS = 1
    first, second = make_article(), make_article()
    (ana,) = readers(1)
    save(ana, second, first)
    before = neighbours_of(first)
    save(ana, first)
    assert neighbours_of(first) == before


def test_rebuild_command_recomputes_every_article_like_the_refreshes(
    make_article, readers, settings
):
    # Low enough for pairs on both sides of it among these six readers.
    settings.RECOMMENDATIONS_MIN_READERS = 3
    articles = [make_article() for _ in range(5)]
    for n, other in enumerate(readers(6)):
        save(other, *articles[n % 3 : n % 3 + 3])
    # A refresh keeps the other articles' lists as they were; the rebuild does them all.
    expected = {}
    for article in articles:
        ArticleNeighbour.objects.refresh(article.pk)
        expected[article.pk] = neighbours_of(article)
    ArticleNeighbour.objects.all().delete()
    ArticlePopularity.objects.all().delete()
    call_command("rebuild_recommendations", verbosity=0)
    assert {article.pk: neighbours_of(article) for article in articles} == expected
    assert ArticlePopularity.objects.get(article=articles[2]).saves == 6


def test_a_yes_answer_counts_towards_popularity_once_committed(
    make_article, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        vote = HelpfulnessVote.objects.create(
            article=article, helpful=True, language="en", client="c"
        )
    assert ArticlePopularity.objects.get(article=article).helpful_votes == 1
    with django_capture_on_commit_callbacks(execute=True):
        vote.delete()
    assert not ArticlePopularity.objects.filter(article=article).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_article_leave_its_rows_complete(make_article):
    article, other = make_article(), make_article()
    savers = [User.objects.create_user(f"saver-{n}@example.org") for n in range(8)]
    for saver in savers:
        Favorite.objects.save_article(saver, other)
    start = threading.Barrier(len(savers))
    errors = []

    def save_together(saver):
        try:
            start.wait()
            Favorite.objects.save_article(saver, article)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_together, args=(saver,)) for saver in savers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # The last refresh saw every save: all eight savers saved both articles.
    assert ArticlePopularity.objects.get(article=article).saves == 8
    assert neighbours_of(article) == {other.pk: pytest.approx(1.0)}


# Queries


def render_block(request, article):
    template = Template("{% load recommendations %}{% recommendations_for article %}")
    return template.render(Context({"request": request, "article": article}))


@pytest.mark.parametrize("size", [(12, 3), (40, 12)], ids=["small", "large"])
def test_the_block_takes_three_queries_whatever_the_data(
    reader, make_article, make_topic, readers, django_assert_num_queries, size
):
    articles_count, readers_count = size
    topics = [make_topic() for _ in range(3)]
    articles = [make_article(topics=topics[: n % 3 + 1]) for n in range(articles_count)]
    for n, other in enumerate(readers(readers_count)):
        save(other, *articles[n : n + 4])
    save(reader, *articles[1:5])
    HelpfulnessVote.objects.create(
        article=articles[6], user=reader, helpful=True, language="en", client="c"
    )
    ReaderProfile.objects.set_interests(reader, topics[:2])
    request = RequestFactory().get("/")
    request.user = reader
    # The reader's settings; the articles they saved or found helpful, with their topics;
    # the recommendations with their reasons.
    with translation.override("es"), django_assert_num_queries(3):
        html = render_block(request, articles[0])
    assert len(recommended(html)) == 5


@pytest.mark.parametrize("saved", [2, 30])
def test_the_recommendations_page_queries_do_not_grow(
    client, reader, make_article, django_assert_num_queries, saved
):
    articles = [make_article() for _ in range(saved + 25)]
    save(reader, *articles[:saved])
    # Session, user, the three of the recommendations; the footer's pages.
    with django_assert_num_queries(6):
        assert len(titles(client.get("/en/accounts/recommendations/").text)) == 20


def test_an_empty_site_recommends_nothing_without_failing(reader):
    assert recommendations_for(reader, "en", 5) == []
