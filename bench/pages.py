"""Benchmark: requests per second of the public pages, as ratios of /healthz and of a
static file, on the default install (SQLite) and on PostgreSQL + Redis; and where the
time of one signed-in article page goes.

    make bench
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py [--stack sqlite]

For each stack (bench/_site.py), gunicorn with two workers serves the demo site and wrk
loads one address at a time. Each round measures /healthz, a static file (served by
WhiteNoise through the same gunicorn) and then each page right after them, so that all
see the same machine; the table shows the median over the rounds of each page's requests
per second and of its ratios to the runs beside it. BENCH_ROUNDS sets the number of rounds
(0: the profile alone).

Before the load, one process profiles the signed-in article page (cProfile over
PROFILED requests through Django's test client, the page cache warm): the time in each
step of the request, then the functions that take the most, cumulatively.
"""

import cProfile
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _site as bench_site

# Without --stack, this script runs itself once per stack.
STACKS = ("sqlite", "postgres+redis")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = 4
CONNECTIONS = 16
PROFILED = 200
# Least ratios to /healthz and to a static file.
TARGETS = {
    "anonymous article page": (1.2, 0.9),
    "signed-in article page": (0.4, None),
    "article list": (None, None),
}
# The steps of a signed-in request, as the functions that do them (file, function).
STEPS = [
    ("whole request (WSGI handler)", "django/core/handlers/base.py", "get_response"),
    ("session loaded", "django/contrib/sessions/backends/", "load"),
    ("reader loaded (auth)", "django/contrib/auth/__init__.py", "get_user"),
    ("stored page looked up", "pagecache/__init__.py", "lookup"),
    ("stored page made theirs", "pagecache/__init__.py", "make_personal"),
    ("  account links", "newsroom/templatetags/newsroom.py", "render_account_links"),
    ("  favorite button", "/favorites.py", "render_favorite_button"),
    ("  their answer", "feedback/templatetags/feedback.py", "render_helpfulness_form"),
    ("  recommendations", "/recommendations.py", "render_recommendations"),
    ("  part templates", "pagecache/__init__.py", "render_fragment"),
    ("  CSRF token", "pagecache/__init__.py", "csrf_token"),
    ("database (all queries)", "django/db/backends/utils.py", "_execute"),
    ("cache (all round trips)", "django/core/cache/backends/", "get_many"),
]


def requests_per_second(url, cookie=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url} answered {errors.group(1)} errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def profile(path, cookie):
    """Where the time of a signed-in request goes: the steps, then the top functions."""
    from django.db import connection
    from django.test import Client

    assert Client(HTTP_HOST="127.0.0.1").get(path).status_code == 200  # the page stored
    name, value = cookie.split("=", 1)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[name] = value
    for _ in range(20):  # the reader's parts kept, the code warm
        assert client.get(path).status_code == 200
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(path)
    started = time.perf_counter()
    for _ in range(PROFILED):
        client.get(path)
    plain = (time.perf_counter() - started) * 1000 / PROFILED
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(PROFILED):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(entry[3] for key, entry in stats.stats.items() if key[2] == "get_response"
                and key[0].endswith("django/core/handlers/base.py"))  # fmt: skip
    print(
        f"\nOne signed-in article page ({PROFILED} requests, test client): "
        f"{plain:.2f} ms each without the profiler, {len(queries)} database queries"
    )
    print(f"{'step (cProfile, cumulative)':<34}{'ms/request':>11}{'share':>8}")
    for label, file_part, function in STEPS:
        seconds = sum(
            entry[3]
            for (file, _line, func), entry in stats.stats.items()
            if func == function and file_part in file
        )
        if seconds:
            ms = seconds * 1000 / PROFILED
            print(f"{label:<34}{ms:>11.2f}{seconds / total:>8.0%}")
    print("\nTop functions by cumulative time (ms per request):")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)
    shown = 0
    for (file, line, func), entry in rows:
        if "cProfile" in file or file.startswith("~") or "test/client.py" in file:
            continue
        where = re.sub(rf".*site-packages/|{bench_site.ROOT}/", "", file)
        print(f"{entry[3] * 1000 / PROFILED:>8.2f}  {where}:{line}({func})")
        shown += 1
        if shown == 22:
            break


def anonymous_costs(path, static_path):
    """What a stored page costs a reader without a session beyond a static file: each step
    timed alone in this process (microseconds, median of 7 runs of 300)."""
    import io

    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    import pagecache

    handler = WSGIHandler()

    def through_the_stack(address):
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": address, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        }  # fmt: skip
        response = handler(environ, lambda status, headers: None)
        b"".join(response)
        response.close()

    request = RequestFactory(HTTP_HOST="127.0.0.1").get(path)
    keys = [pagecache.STATE_KEY, pagecache.page_key(request)]
    steps = {
        "stored page, whole request": lambda: through_the_stack(path),
        "static file, whole request": lambda: through_the_stack(static_path),
        "  the cache round trip": lambda: cache.get_many(keys),
        "  a new reader's CSRF token": lambda: get_token(RequestFactory().get(path)),
    }
    print("\nA reader without a session (this process, µs per request, median of 7 runs of 300):")
    for label, step in steps.items():
        step()
        runs = []
        for _ in range(7):
            started = time.perf_counter()
            for _ in range(300):
                step()
            runs.append((time.perf_counter() - started) * 1e6 / 300)
        print(f"{label:<34}{statistics.median(runs):>9.0f}")


def bench(stack):
    bench_site.configure(stack)
    import django

    django.setup()

    from django.templatetags.static import static

    from accounts.models import Favorite, User
    from articles.models import Article

    bench_site.prepare()
    article = Article.objects.published().in_language("en").first()
    reader = User.objects.create_user("bench-reader@example.org", "a-long-pass-phrase-7")
    for saved in Article.objects.published().exclude(pk=article.pk)[:3]:
        Favorite.objects.save_article(reader, saved)
    cookie = bench_site.signed_in_cookie(reader)
    print(f"== {stack}: {django.conf.settings.SESSION_ENGINE.rsplit('.', 1)[-1]} sessions, "
          f"{django.conf.settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")  # fmt: skip
    profile(article.url_in("en"), cookie)
    anonymous_costs(article.url_in("en"), static("css/site.css"))
    if not ROUNDS:  # BENCH_ROUNDS=0: the profile alone
        return 0
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

    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{stack}: requests per second, gunicorn 2 workers, wrk -c{CONNECTIONS}, "
        f"{ROUNDS} rounds (load average after: {load})"
    )
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


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt install wrk); make bench installs it.")
    if "--stack" in sys.argv:
        return bench(sys.argv[sys.argv.index("--stack") + 1])
    status = 0
    for stack in STACKS:  # each in a process of its own: settings are read once
        status |= subprocess.run([sys.executable, __file__, "--stack", stack]).returncode
        sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
