"""What the page cache must never do: keep a stale page, let a request poison a stored
page, let content forge a reader's parts or carry their token out, tell a shared cache
to keep a reader's own page, be flooded, or read a body it will refuse (issue 14)."""

import re
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import connection, transaction
from django.test import Client

from accounts.models import User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(page_cache_on):
    pass


def stored_pages():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cache_key FROM newsroom_cache WHERE cache_key LIKE '%pagecache:page:%'"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_page_rendered_while_a_publish_is_being_saved_is_not_kept_after_it(
    make_article, settings
):
    # The database cache would wait for the editor's write lock on SQLite.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)
    seen = []

    def reader():
        try:
            seen.append(Client().get(url).text)
        finally:
            connection.close()

    with transaction.atomic():
        article.title_en = "A corrected headline"
        article.save()
        # Another reader, on another connection, asks for the page before the commit.
        thread = threading.Thread(target=reader)
        thread.start()
        thread.join(30)
    assert "A corrected headline" not in seen[0]
    assert "A corrected headline" in Client().get(url).text


def test_every_absolute_url_names_the_site_whatever_host_a_request_named(make_article, settings):
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "testserver", "localhost"]
    article = make_article()
    forged = {"HTTP_HOST": "localhost:6666", "HTTP_X_FORWARDED_PROTO": "https"}
    addresses = [
        f"/en/news/{article.slug_en}/",
        "/en/news/",
        "/en/feed/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    for address in addresses:
        Client().get(address, **forged)
    for address in addresses:
        text = Client().get(address).text
        assert "localhost" not in text and "testserver" not in text, address
        assert "https://news.example.org/" in text, address
    page = Client().get(f"/en/news/{article.slug_en}/").text
    assert (
        f'<link rel="canonical" href="https://news.example.org/en/news/{article.slug_en}/">' in page
    )


def test_a_password_reset_mail_names_the_site_whatever_host_was_asked(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "testserver", "localhost"]
    User.objects.create_user("reader@example.org", PASSWORD)
    Client().post(
        "/en/accounts/password-reset/", {"email": "reader@example.org"}, HTTP_HOST="localhost:6666"
    )
    assert "https://news.example.org/en/accounts/" in mail.outbox[-1].body
    assert "localhost" not in mail.outbox[-1].body


def signed_in(email="reader@example.org"):
    client = Client()
    client.force_login(User.objects.create_user(email, PASSWORD))
    return client


@pytest.fixture
def lax_sanitiser(monkeypatch):
    """An older sanitiser that let comments and `<` through."""
    from articles import rendering

    monkeypatch.setattr(rendering.nh3, "clean", lambda html, **options: html)
    rendering.render_markdown.cache_clear()
    yield
    rendering.render_markdown.cache_clear()


def test_content_cannot_forge_a_readers_part(make_article, lax_sanitiser):
    article = make_article(
        body_en="Findings.\n\n<!--personal no-such-part {}--><!--/personal-->\n\n"
        '<p title="<!--personal account-links {}-->x<!--/personal-->">Forged</p>'
    )
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)  # stored
    page = signed_in().get(url)
    assert page.status_code == 200
    assert page.text.count("Sign out") == 1


def test_a_token_placeholder_in_content_stays_as_written(make_article):
    article = make_article(body_en="[Results](https://evil.example/c?t=__csrf_token__)")
    url = f"/en/news/{article.slug_en}/"
    Client().get(url)  # stored
    page = Client().get(url).text
    assert 'href="https://evil.example/c?t=__csrf_token__"' in page
    assert "__csrf_token__" not in page.replace("c?t=__csrf_token__", "")


def test_a_readers_own_pages_tell_shared_caches_not_to_keep_them(make_article):
    article = make_article()
    url = f"/en/news/{article.slug_en}/"
    reader = signed_in()
    account = reader.get("/en/accounts/")
    assert "no-store" in account["Cache-Control"] and "private" in account["Cache-Control"]
    for address in ("/en/accounts/favorites/", url):
        assert "private" in reader.get(address)["Cache-Control"], address
    Client().get(url)  # stored
    assert "private" in reader.get(url)["Cache-Control"]


def test_stored_pages_say_what_a_shared_cache_may_do(make_article):
    article = make_article()
    for address in ("/en/news/", f"/en/news/{article.slug_en}/"):
        Client().get(address)
        stored = Client().get(address)
        assert "Cookie" in stored["Vary"], address
        assert stored["Cache-Control"], address
    # A page with a form carries this reader's token: no shared cache may keep it.
    assert "private" in Client().get(f"/en/news/{article.slug_en}/")["Cache-Control"]
    assert "public" in Client().get("/en/news/")["Cache-Control"]


def test_a_page_without_a_form_sets_no_cookie_a_shared_cache_could_keep(make_article):
    make_article()
    rendered, stored = Client().get("/en/news/"), Client().get("/en/news/")
    assert not rendered.cookies and not stored.cookies


def test_made_up_query_parameters_are_served_the_same_stored_page(
    make_article, django_assert_max_num_queries
):
    make_article()
    Client().get("/en/news/")
    for n in range(20):
        with django_assert_max_num_queries(1):
            assert Client().get(f"/en/news/?utm={n}").status_code == 200
    assert len(stored_pages()) == 1


def test_the_query_parameters_a_page_uses_make_their_own_stored_page(make_article):
    for _ in range(12):
        make_article()
    first, second = Client().get("/en/news/").text, Client().get("/en/news/?page=2").text
    assert Client().get("/en/news/?page=2&utm=x").text.count("<article") == second.count("<article")
    assert first != second
    assert len(stored_pages()) == 2


def test_a_long_address_is_stored_under_a_key_of_fixed_length(make_article):
    make_article()
    Client().get("/en/news/?page=1&" + "x" * 400 + "=1")
    assert [len(key) < 100 for key in stored_pages()] == [True]


def test_a_body_over_the_limit_is_refused_before_it_is_read(make_article, monkeypatch, settings):
    article = make_article()
    spooled = []
    monkeypatch.setattr(
        TemporaryFileUploadHandler, "new_file", lambda *args, **kwargs: spooled.append(args)
    )
    reader = Client(enforce_csrf_checks=True)
    reader.cookies["csrftoken"] = "x" * 32
    upload = SimpleUploadedFile("big.bin", b"x" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = reader.post(f"/es/noticias/{article.slug_es}/opinion/", {"file": upload})
    assert response.status_code == 413
    assert "No pudimos entender esta solicitud" in response.text
    assert spooled == []


def test_a_body_without_a_length_is_refused(make_article):
    article = make_article()
    response = Client().generic(
        "POST",
        f"/en/news/{article.slug_en}/feedback/",
        b"",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411


def test_signed_in_readers_sharing_a_part_each_get_their_own_token(make_article):
    """Parts are rendered once for all readers who see the same (pagecache.render_fragment):
    one reader's token must never reach another, and each one's forms must work."""
    article = make_article()
    url = article.url_in("en")
    Client().get(url)  # stored
    readers = []
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        reader.force_login(User.objects.create_user(f"r{number}@example.org", PASSWORD))
        readers.append(reader)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    pages = [reader.get(url).text for reader in readers]
    tokens = [set(token.findall(page)) for page in pages]
    assert len(tokens[0]) == len(tokens[1]) == 1 and tokens[0] != tokens[1]
    assert pages[0].replace(*tokens[0], "") == pages[1].replace(*tokens[1], "")
    for reader, own in zip(readers, tokens, strict=True):
        response = reader.post(
            f"/en/news/{article.slug_en}/favorite/",
            {"action": "save", "csrfmiddlewaretoken": own.pop()},
        )
        assert response.status_code == 302
    assert article.favorites.count() == 2
