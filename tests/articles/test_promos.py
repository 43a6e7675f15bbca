"""Campaign promos: the one running in a slot, in the reader's language, and counted clicks."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Promo
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def test_the_active_promo_is_the_running_one_that_started_last(make_promo):
    now = timezone.now()
    make_promo(starts_at=now - timedelta(days=9))
    latest = make_promo(starts_at=now - timedelta(hours=1))
    make_promo(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=2))
    make_promo(starts_at=now - timedelta(days=9), ends_at=now - timedelta(seconds=1))
    make_promo(slot=Promo.Slot.HOME_SIDEBAR, starts_at=now)
    assert Promo.objects.active(Promo.Slot.ARTICLE_END).first() == latest


def test_a_promo_without_an_end_runs_until_removed(make_promo):
    promo = make_promo(ends_at=None)
    assert list(Promo.objects.active(Promo.Slot.ARTICLE_END)) == [promo]


def test_a_promo_cannot_end_before_it_starts(make_promo):
    with pytest.raises(IntegrityError):
        make_promo(ends_at=timezone.now() - timedelta(days=2))


def test_the_article_page_shows_the_promo_in_the_readers_language(client, make_article, make_promo):
    article = make_article()
    promo = make_promo()
    english = client.get(f"/en/news/{article.slug_en}/").text
    spanish = client.get(f"/es/noticias/{article.slug_es}/").text
    assert promo.headline_en in english and promo.headline_es not in english
    assert promo.headline_es in spanish and promo.headline_en not in spanish
    assert (
        f'<a class="button promo__link" href="/en/promo/{promo.pk}/" rel="nofollow">Donate</a>'
        in english
    )
    assert f'href="/es/promocion/{promo.pk}/" rel="nofollow">Done</a>' in spanish
    # After the "Was this article helpful?" panel, as on the reference page.
    assert english.index("Was this article helpful?") < english.index(promo.headline_en)


def test_the_home_page_shows_the_side_column_promo(client, make_promo):
    article_end = make_promo()
    sidebar = make_promo(slot=Promo.Slot.HOME_SIDEBAR)
    html = client.get("/en/").text
    assert sidebar.headline_en in html and article_end.headline_en not in html
    assert html.index('class="columns__side"') < html.index(sidebar.headline_en)


def test_no_promo_when_none_is_running(client, make_article, make_promo):
    article = make_article()
    make_promo(
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2)
    )
    assert 'class="promo__headline"' not in client.get(f"/en/news/{article.slug_en}/").text


def test_no_promo_in_a_language_it_has_no_text_in(client, make_article, make_promo):
    article = make_article()
    promo = make_promo(spanish=False)
    assert promo.headline_en in client.get(f"/en/news/{article.slug_en}/").text
    spanish = client.get(f"/es/noticias/{article.slug_es}/").text
    assert 'class="promo__headline"' not in spanish and promo.headline_en not in spanish


def test_the_promo_is_labelled_in_spanish(client, make_article, make_promo):
    article = make_article()
    make_promo()
    text = visible_text(client.get(f"/es/noticias/{article.slug_es}/").text, "es")
    assert "De nuestra organización benéfica" in text


def test_a_click_counts_and_goes_to_the_promos_own_link(client, make_promo):
    promo = make_promo()
    english = client.get(f"/en/promo/{promo.pk}/")
    spanish = client.get(f"/es/promocion/{promo.pk}/")
    assert (english.status_code, english["Location"]) == (302, promo.url_en)
    assert (spanish.status_code, spanish["Location"]) == (302, promo.url_es)
    promo.refresh_from_db()
    assert promo.clicks == 2


def test_the_click_is_never_cached(client, make_promo):
    response = client.get(f"/en/promo/{make_promo().pk}/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "query", ["?next=https://evil.example/", "?url=https://evil.example/", "?to=//evil.example"]
)
def test_the_click_never_goes_where_the_request_says(client, make_promo, query):
    promo = make_promo()
    response = client.get(
        f"/en/promo/{promo.pk}/{query}", headers={"referer": "https://evil.example/"}
    )
    assert response["Location"] == promo.url_en


@pytest.mark.parametrize(
    "fields",
    [
        {
            "ends_at": timezone.now() - timedelta(seconds=1),
            "starts_at": timezone.now() - timedelta(days=3),
        },
        {"starts_at": timezone.now() + timedelta(days=1), "ends_at": None},
    ],
    ids=["ended", "not started"],
)
def test_a_click_on_a_promo_that_is_not_running_is_a_404(client, make_promo, fields):
    promo = make_promo(**fields)
    assert client.get(f"/en/promo/{promo.pk}/").status_code == 404
    promo.refresh_from_db()
    assert promo.clicks == 0


def test_a_click_on_an_unknown_promo_or_a_missing_language_is_a_404(client, make_promo):
    assert client.get("/en/promo/999999/").status_code == 404
    english_only = make_promo(spanish=False)
    assert client.get(f"/es/promocion/{english_only.pk}/").status_code == 404


def test_the_count_is_added_in_the_database(client, make_promo):
    promo = make_promo()
    with CaptureQueriesContext(connection) as context:
        client.get(f"/en/promo/{promo.pk}/")
    updates = [q["sql"] for q in context.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"clicks" = ("articles_promo"."clicks" + 1)' in updates[0]


def test_the_admin_list_shows_the_clicks(client, admin_user, make_promo):
    promo = make_promo()
    Promo.objects.filter(pk=promo.pk).update(clicks=41)
    client.force_login(admin_user)
    html = client.get("/admin/articles/promo/").text
    assert '<td class="field-clicks">41</td>' in html
    running = client.get("/admin/articles/promo/", {"running": "yes"}).text
    assert promo.campaign in running


@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_are_all_counted(live_server, make_promo):
    promo = make_promo()
    clicks = 8  # within the test server's queue of 10 waiting connections
    parts = urlsplit(live_server.url)
    start = threading.Barrier(clicks)

    def click():
        start.wait(timeout=30)
        http = HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            http.request("GET", f"/en/promo/{promo.pk}/")
            return http.getresponse().status
        finally:
            http.close()

    with ThreadPoolExecutor(max_workers=clicks) as pool:
        statuses = list(pool.map(lambda _: click(), range(clicks)))
    assert statuses == [302] * clicks
    promo.refresh_from_db()
    assert promo.clicks == clicks
