"""Benchmark: requests per second of the public pages, as ratios of /healthz and of a
static file.

    make bench
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py

gunicorn with two workers serves the demo site from PostgreSQL (and the page cache in
its database table); wrk loads one address at a time. Each round measures /healthz,
a static file (served by WhiteNoise through the same gunicorn) and then each page right
after them, so that all see the same machine; the table shows the median over the rounds
of each page's requests per second and of its ratios to the runs beside it.
BENCH_ROUNDS sets the number of rounds.
"""

import os
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

from django.templatetags.static import static  # noqa: E402

from accounts.models import Favorite, User  # noqa: E402
from articles.models import Article  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = 4
CONNECTIONS = 16
# Least ratios to /healthz and to a static file.
TARGETS = {
    "anonymous article page": (1.2, 0.9),
    "signed-in article page": (0.4, None),
    "article list": (None, None),
}


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
        bases = {"/healthz": f"{url}/healthz", "static file": f"{url}{static('css/site.css')}"}
        for page_url, page_cookie in pages.values():  # warm the workers and the page cache
            requests_per_second(page_url, page_cookie)
        measured = {name: [] for name in [*bases, *pages]}
        ratios = {(name, base): [] for name in pages for base in bases}
        for _round in range(ROUNDS):
            for name, (page_url, page_cookie) in pages.items():
                rates = {base: requests_per_second(base_url) for base, base_url in bases.items()}
                rate = requests_per_second(page_url, page_cookie)
                for base, base_rate in rates.items():
                    measured[base].append(base_rate)
                    ratios[name, base].append(rate / base_rate)
                measured[name].append(rate)

    print(f"\nRequests per second, gunicorn 2 workers, wrk -c{CONNECTIONS}, {ROUNDS} rounds")
    print(f"{'page':<26}{'req/s (median)':>16}{'÷ /healthz':>12}{'÷ static':>10}{'targets':>18}")
    for base in bases:
        print(f"{base:<26}{statistics.median(measured[base]):>16.0f}")
    failed = False
    for name in pages:
        cells, verdicts = [], []
        for base, target in zip(bases, TARGETS[name], strict=True):
            ratio = statistics.median(ratios[name, base])
            cells.append(ratio)
            if target is not None:
                verdicts.append(f"≥ {target}" + (" ✓" if ratio >= target else " ✗"))
                failed |= ratio < target
        rate = statistics.median(measured[name])
        print(f"{name:<26}{rate:>16.0f}{cells[0]:>12.2f}{cells[1]:>10.2f}{', '.join(verdicts):>18}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
