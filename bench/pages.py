"""Benchmark: requests per second of the public pages, as ratios of /healthz.

    make bench
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py

gunicorn with two workers serves the demo site from PostgreSQL (and the page cache in
its database table); wrk loads one address at a time. Each round measures /healthz
and then each page right after it, so that both see the same machine; the table shows
the median over the rounds of each page's requests per second and of its ratio to the
/healthz run beside it.
"""

import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _site as bench_site

bench_site.configure()

import django  # noqa: E402

django.setup()

from accounts.models import Favorite, User  # noqa: E402
from articles.models import Article  # noqa: E402

ROUNDS = 5
SECONDS = 4
CONNECTIONS = 16
TARGETS = {"anonymous article page": 0.9, "signed-in article page": 0.4, "article list": None}


def requests_per_second(url, cookie=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url} answered {errors.group(1)} errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt install wrk); make bench installs it.")
    bench_site.prepare()
    article = Article.objects.published().in_language("en").first()
    reader = User.objects.create_user("bench-reader@example.org", "a-long-pass-phrase-7")
    for saved in Article.objects.published().exclude(pk=article.pk)[:3]:
        Favorite.objects.save_article(reader, saved)
    cookie = bench_site.signed_in_cookie(reader)
    with bench_site.gunicorn(workers=2) as url:
        pages = {
            "anonymous article page": (f"{url}{article.url_in('en')}", None),
            "signed-in article page": (f"{url}{article.url_in('en')}", cookie),
            "article list": (f"{url}/en/news/", None),
        }
        healthz = f"{url}/healthz"
        for page_url, page_cookie in pages.values():  # warm the workers and the page cache
            requests_per_second(page_url, page_cookie)
        measured = {name: [] for name in ["/healthz", *pages]}
        ratios = {name: [] for name in pages}
        for _round in range(ROUNDS):
            for name, (page_url, page_cookie) in pages.items():
                base = requests_per_second(healthz)
                rate = requests_per_second(page_url, page_cookie)
                measured["/healthz"].append(base)
                measured[name].append(rate)
                ratios[name].append(rate / base)

    print(f"\nRequests per second, gunicorn 2 workers, wrk -c{CONNECTIONS}, {ROUNDS} rounds")
    print(f"{'page':<26}{'req/s (median)':>16}{'÷ /healthz':>12}{'target':>9}")
    print(f"{'/healthz':<26}{statistics.median(measured['/healthz']):>16.0f}{'1.00':>12}")
    failed = False
    for name in pages:
        ratio = statistics.median(ratios[name])
        target = TARGETS[name]
        verdict = "" if target is None else (f"≥ {target}" + (" ✓" if ratio >= target else " ✗"))
        failed |= target is not None and ratio < target
        print(f"{name:<26}{statistics.median(measured[name]):>16.0f}{ratio:>12.2f}{verdict:>9}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
