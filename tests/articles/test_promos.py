"""Campaign promos: the one running in a slot, in the reader's language, and the readers
who clicked them."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from articles.models import Promo, PromoClick
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
    assert promo.clicks == 1  # one reader, in either language


def clicks_of(promo):
    promo.refresh_from_db()
    return promo.clicks


def test_a_reader_clicking_again_the_same_day_counts_once(client, make_promo):
    promo = make_promo()
    for _ in range(5):
        assert client.get(f"/en/promo/{promo.pk}/")["Location"] == promo.url_en
    assert client.get(f"/es/promocion/{promo.pk}/")["Location"] == promo.url_es
    assert clicks_of(promo) == 1
    client.get(f"/en/promo/{promo.pk}/", REMOTE_ADDR="192.0.2.7")
    assert clicks_of(promo) == 2
    # Once per promo: the same reader's click on another one counts there.
    other = make_promo()
    client.get(f"/en/promo/{other.pk}/")
    assert (clicks_of(promo), clicks_of(other)) == (2, 1)


def test_the_same_reader_counts_again_the_next_day(client, make_promo, time_machine):
    promo = make_promo()
    client.get(f"/en/promo/{promo.pk}/")
    time_machine.move_to(timezone.now() + timedelta(days=1))
    client.get(f"/en/promo/{promo.pk}/")
    client.get(f"/en/promo/{promo.pk}/")
    assert clicks_of(promo) == 2
    # Yesterday's rows are no longer needed to tell a reader again: they are gone.
    assert PromoClick.objects.count() == 1


def test_a_signed_in_reader_counts_once_from_any_address(client, make_promo):
    promo = make_promo()
    client.force_login(User.objects.create_user("reader@example.org"))
    for address in ("192.0.2.1", "192.0.2.2", "2001:db8::3"):
        client.get(f"/en/promo/{promo.pk}/", REMOTE_ADDR=address)
    assert clicks_of(promo) == 1


def test_head_and_options_requests_do_not_count(client, make_promo):
    promo = make_promo()
    assert client.head(f"/en/promo/{promo.pk}/").status_code == 302
    assert client.options(f"/en/promo/{promo.pk}/").status_code == 405
    assert client.post(f"/en/promo/{promo.pk}/").status_code == 405
    assert clicks_of(promo) == 0


def test_a_click_keeps_no_address_and_cannot_be_linked_across_days(client, make_promo):
    promo = make_promo()
    client.get(f"/en/promo/{promo.pk}/", REMOTE_ADDR="192.0.2.55")
    click = PromoClick.objects.get()
    assert "192.0.2.55" not in str(vars(click))
    assert len(click.reader) == 64
    tomorrow = click.day + timedelta(days=1)
    assert PromoClick.reader_key("client 192.0.2.55", tomorrow) != click.reader


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


def test_the_admin_list_shows_the_readers_who_clicked(client, admin_user, make_promo):
    promo = make_promo()
    Promo.objects.filter(pk=promo.pk).update(clicks=41)
    client.force_login(admin_user)
    html = client.get("/admin/articles/promo/").text
    assert '<td class="field-clicks">41</td>' in html
    assert "Readers who clicked" in visible_text(html, "en")
    # The admin speaks the staff member's preferred language.
    admin_user.preferred_language = "es"
    admin_user.save()
    html = client.get("/admin/articles/promo/").text
    assert "Lectores que hicieron clic" in visible_text(html, "es")
    running = client.get("/admin/articles/promo/", {"running": "yes"}).text
    assert promo.campaign in running


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("readers", [8, 1], ids=["eight readers", "one reader"])
def test_simultaneous_clicks_count_each_reader_once(live_server, make_promo, settings, readers):
    settings.PROXY_COUNT = 1  # each click comes through the proxy from its reader's address
    promo = make_promo()
    clicks = 8  # within the test server's queue of 10 waiting connections
    parts = urlsplit(live_server.url)
    start = threading.Barrier(clicks)

    def click(n):
        start.wait(timeout=30)
        http = HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            address = f"192.0.2.{n % readers + 1}"
            http.request("GET", f"/en/promo/{promo.pk}/", headers={"X-Forwarded-For": address})
            return http.getresponse().status
        finally:
            http.close()

    with ThreadPoolExecutor(max_workers=clicks) as pool:
        statuses = list(pool.map(click, range(clicks)))
    assert statuses == [302] * clicks
    assert clicks_of(promo) == readers
