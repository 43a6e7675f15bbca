"""Two gunicorn instances sharing PostgreSQL and Redis behave as one site.

Needs a PostgreSQL test database and a Redis server: .ci/run starts one and sets
NEWSROOM_TEST_REDIS_URL; elsewhere these tests are skipped.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Favorite, User
from articles.models import Article
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs NEWSROOM_TEST_REDIS_URL (set by .ci/run)"),
]


@pytest.fixture
def fast_password_hashing():
    """Passwords here must be checked by the servers, which use the production hasher."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def servers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("two servers share a PostgreSQL database")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": "two-servers-test-key-" + "x" * 40,
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_SITE_URL": "http://127.0.0.1",
    }
    environment.pop("DJANGO_DEBUG", None)
    ports = [free_port(), free_port()]
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2"]
    processes = [
        subprocess.Popen([*command, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=environment)
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until_up(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def wait_until_up(url, seconds=20):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):
                return
        except OSError:  # refused, reset or timed out while the workers start
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Reader:
    """A browser: its own cookies, whichever server it talks to."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.read().decode()

    def post(self, url, data, token_from=None):
        page = self.get(token_from or url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(
            url, data=body.encode(), headers={"Referer": token_from or url}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()


def test_a_vote_through_one_server_is_seen_through_the_other(servers, make_article):
    one, two = servers
    article = make_article()
    page = f"/en/news/{article.slug_en}/"
    reader = Reader()
    reader.post(f"{one}{page}feedback/", {"helpful": "yes"}, token_from=f"{one}{page}")
    assert 'value="yes" aria-pressed="true"' in reader.get(f"{two}{page}")
    assert article.helpfulness_votes.filter(helpful=True).count() == 1


def test_a_favorite_through_one_server_is_seen_through_the_other(servers, make_article):
    one, two = servers
    article = make_article()
    User.objects.create_user("reader@example.org", PASSWORD)
    reader = Reader()
    reader.post(
        f"{two}/en/accounts/sign-in/",
        {"username": "reader@example.org", "password": PASSWORD},
    )
    page = f"/en/news/{article.slug_en}/"
    reader.post(f"{two}{page}favorite/", {"action": "save"}, token_from=f"{two}{page}")
    assert article.title_en in reader.get(f"{one}/en/accounts/favorites/")
    assert Favorite.objects.filter(article=article).count() == 1


def test_a_publish_through_one_server_updates_the_cached_pages_of_both(servers, make_article):
    one, two = servers
    make_article()
    draft = make_article(status=Article.Status.DRAFT)
    anonymous = Reader()
    for server in servers:  # both servers now hold the list in the shared cache
        assert draft.title_en not in anonymous.get(f"{server}/en/news/")
    assert draft.title_en not in Reader().get(f"{two}/en/news/")

    User.objects.create_superuser("editor@example.org", PASSWORD)
    editor = Reader()
    editor.post(
        f"{one}/admin/login/",
        {"username": "editor@example.org", "password": PASSWORD, "next": "/admin/"},
    )
    editor.post(
        f"{one}/admin/articles/article/",
        {"action": "publish", "_selected_action": [draft.pk], "index": 0},
    )
    assert Article.objects.published().filter(pk=draft.pk).exists()
    for server in servers:
        assert draft.title_en in Reader().get(f"{server}/en/news/")
