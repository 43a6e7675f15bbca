"""Readers voting at the same moment, through a real server and real database connections."""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from pytest_django.live_server_helper import LiveServer

from feedback.models import HelpfulnessVote

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 30
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class RoomyServer(ThreadedWSGIServer):
    # Django's test server queues 10 connections and resets the rest, so 30 readers
    # arriving together would be turned away before reaching the site. Production
    # servers queue far more (gunicorn: 2,048).
    request_queue_size = 4 * READERS


@pytest.fixture
def live_server():
    """pytest-django's live server, with room for every reader to connect at once."""
    server = LiveServer("127.0.0.1", start=False)
    server.thread.server_class = RoomyServer
    server.start()
    yield server
    server.stop()


class Browser:
    """One reader's browser: its own connection and cookies."""

    def __init__(self, server_url):
        parts = urlsplit(server_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = SimpleCookie()

    def request(self, method, path, body=None):
        connection = HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, response.read().decode()
        finally:
            connection.close()

    def vote(self, article_path, answer, start):
        """Open the article, wait for everyone else, then answer at the same moment."""
        status, html = self.request("GET", article_path)
        assert status == 200
        token = TOKEN.search(html).group(1)
        start.wait(timeout=60)
        began = time.perf_counter()
        status, _ = self.request(
            "POST",
            f"{article_path}feedback/",
            urlencode({"helpful": answer, "csrfmiddlewaretoken": token}),
        )
        return status, time.perf_counter() - began


def vote_together(live_server, article_path, answers):
    start = threading.Barrier(len(answers))
    browsers = [Browser(live_server.url) for _ in answers]
    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        futures = [
            pool.submit(browser.vote, article_path, answer, start)
            for browser, answer in zip(browsers, answers, strict=True)
        ]
        return [future.result() for future in futures]


def test_readers_voting_at_the_same_moment_all_count(live_server, make_article, rate_limit):
    rate_limit(1000)  # every reader here comes from 127.0.0.1
    article = make_article()
    answers = ["yes" if n % 3 else "no" for n in range(READERS)]

    results = vote_together(live_server, f"/en/news/{article.slug_en}/", answers)

    statuses = [status for status, _seconds in results]
    assert statuses == [302] * READERS
    assert HelpfulnessVote.objects.count() == READERS
    counts = HelpfulnessVote.objects.filter(article=article).summary()
    assert (counts["yes"], counts["no"]) == (answers.count("yes"), answers.count("no"))
    slowest = max(seconds for _status, seconds in results)
    print(f"\n{READERS} concurrent votes: all saved, slowest answer in {slowest:.2f} s")


def test_one_reader_answering_many_times_at_once_keeps_one_vote(
    live_server, make_article, rate_limit
):
    rate_limit(1000)
    article = make_article()
    path = f"/en/news/{article.slug_en}/"
    browser = Browser(live_server.url)
    _status, html = browser.request("GET", path)
    token = TOKEN.search(html).group(1)
    # The first answer gives the browser its voter token; the rest race each other.
    browser.request(
        "POST", f"{path}feedback/", urlencode({"helpful": "yes", "csrfmiddlewaretoken": token})
    )
    start = threading.Barrier(10)

    def answer(value):
        start.wait(timeout=60)
        body = urlencode({"helpful": value, "csrfmiddlewaretoken": token})
        return browser.request("POST", f"{path}feedback/", body)[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(answer, ["yes", "no"] * 5))

    assert statuses == [302] * 10
    assert HelpfulnessVote.objects.count() == 1
