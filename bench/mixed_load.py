"""Benchmark: one minute of mixed traffic, then a count of what was stored.

    make bench
    DATABASE_URL=postgres://... .venv/bin/python bench/mixed_load.py [SECONDS]

gunicorn with two workers and PostgreSQL, as in production. Sixteen clients send, at
random, 80 % page reads (articles for readers who are and are not signed in, the news
list), 10 % "Was this article helpful?" answers (each from a new reader, from its own
address) and 10 % favorite saves and removals (200 signed-in readers; each reader's
requests come from one client, so the last one sent is the one that must stand). It
prints the p50/p95/p99 latency of each kind of request, fails on any error, and checks
that the votes and favorites in the database are exactly those sent.
"""

import http.client
import random
import secrets
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _site as bench_site

bench_site.configure()

import django  # noqa: E402

django.setup()

from accounts.models import Favorite, User  # noqa: E402
from articles.models import Article  # noqa: E402
from feedback.models import HelpfulnessVote  # noqa: E402

CLIENTS = 16
READERS = 200
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 60


class LoadClient(threading.Thread):
    def __init__(self, number, url, articles, readers):
        super().__init__()
        self.number = number
        self.address = urlsplit(url)
        self.articles = articles
        self.readers = readers  # [(user id, cookie)], this client's alone
        self.random = random.Random(number)
        self.latencies = {"read": [], "vote": [], "favorite": []}
        self.errors = []
        self.votes = Counter()  # (article id, helpful)
        self.favorites = {}  # (user id, article id) -> saved?

    def request(self, kind, method, path, cookie="", form=None, expect=200, client_ip=None):
        headers = {"Cookie": cookie} if cookie else {}
        body = None
        if form is not None:
            csrf = secrets.token_hex(16)  # an unmasked CSRF secret is a valid token
            headers["Cookie"] = f"{cookie}; csrftoken={csrf}" if cookie else f"csrftoken={csrf}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(form | {"csrfmiddlewaretoken": csrf})
        if client_ip:
            headers["X-Forwarded-For"] = client_ip
        connection = http.client.HTTPConnection(
            self.address.hostname, self.address.port, timeout=30
        )
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError as error:
            status = repr(error)
        finally:
            connection.close()
        self.latencies[kind].append(time.perf_counter() - started)
        if status != expect:
            self.errors.append(f"{method} {path}: {status}")
        return status == expect

    def run(self):
        deadline = time.monotonic() + SECONDS
        voter = 0
        while time.monotonic() < deadline:
            article_id, path = self.random.choice(self.articles)
            roll = self.random.random()
            if roll < 0.8:
                cookie = self.random.choice(self.readers)[1] if roll < 0.2 else ""
                page = path if roll < 0.6 else "/en/news/"
                self.request("read", "GET", page, cookie=cookie)
            elif roll < 0.9:
                voter += 1
                helpful = self.random.random() < 0.7
                sent = self.request(
                    "vote", "POST", f"{path}feedback/",
                    form={"helpful": "yes" if helpful else "no"}, expect=302,
                    client_ip=f"10.{self.number}.{voter // 250 % 250}.{voter % 250 + 1}",
                )  # fmt: skip
                if sent:
                    self.votes[article_id, helpful] += 1
            else:
                user_id, cookie = self.random.choice(self.readers)
                saved = self.favorites.get((user_id, article_id), False)
                sent = self.request(
                    "favorite", "POST", f"{path}favorite/", cookie=cookie,
                    form={"action": "remove" if saved else "save"}, expect=302,
                )  # fmt: skip
                if sent:
                    self.favorites[user_id, article_id] = not saved


def percentile(values, share):
    return sorted(values)[min(len(values) - 1, int(len(values) * share))] * 1000


def main():
    bench_site.prepare()
    articles = [(a.pk, a.url_in("en")) for a in Article.objects.published().in_language("en")]
    readers = [
        User.objects.create_user(f"load-reader-{n}@example.org", "a-long-pass-phrase-7")
        for n in range(READERS)
    ]
    cookies = [(reader.pk, bench_site.signed_in_cookie(reader)) for reader in readers]
    with bench_site.gunicorn(workers=2) as url:
        clients = [LoadClient(n, url, articles, cookies[n::CLIENTS]) for n in range(CLIENTS)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started

    print(f"\nMixed load: {CLIENTS} clients for {elapsed:.0f} s, gunicorn 2 workers, PostgreSQL")
    print(f"{'requests':<12}{'count':>8}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in ("read", "vote", "favorite"):
        values = [value for client in clients for value in client.latencies[kind]]
        print(
            f"{kind:<12}{len(values):>8}{len(values) / elapsed:>8.0f}"
            f"{statistics.median(values) * 1000:>9.1f}{percentile(values, 0.95):>9.1f}"
            f"{percentile(values, 0.99):>9.1f}"
        )
    errors = [error for client in clients for error in client.errors]
    sent_votes = sum((client.votes for client in clients), Counter())
    stored_votes = Counter()
    for row in HelpfulnessVote.objects.values("article", "helpful"):
        stored_votes[row["article"], row["helpful"]] += 1
    sent_favorites = {
        pair for client in clients for pair, saved in client.favorites.items() if saved
    }
    stored_favorites = set(Favorite.objects.filter(user__in=readers).values_list("user", "article"))
    print(f"errors: {len(errors)}{' — ' + '; '.join(errors[:5]) if errors else ''}")
    votes_match = sent_votes == stored_votes
    favorites_match = sent_favorites == stored_favorites
    print(
        f"votes: {sum(sent_votes.values())} sent, {sum(stored_votes.values())} stored, "
        f"{'the same' if votes_match else 'DIFFERENT'} per article and answer"
    )
    print(
        f"favorites: {len(sent_favorites)} should be saved, {len(stored_favorites)} are, "
        f"{'the same' if favorites_match else 'DIFFERENT'}"
    )
    return 0 if not errors and votes_match and favorites_match else 1


if __name__ == "__main__":
    sys.exit(main())
