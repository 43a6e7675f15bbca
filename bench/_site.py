"""A production-like site for the HTTP benchmarks (not a benchmark itself: make bench
runs bench/[a-z]*.py): gunicorn with two workers, on one of two stacks.

`configure(stack)` points this process at a fresh database, with the same settings the
server gets, so that the benchmark can prepare data and check results through the ORM.
Call it before django.setup(). The stacks:

- "sqlite": the default install, a SQLite file and the cache in a database table;
- "postgres": a database `newsroom_bench` beside the one DATABASE_URL names (created
  here, dropped and made anew on every run), the cache in a database table;
- "postgres+redis": the same database, the cache in a private Redis started here.
"""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "newsroom_bench"
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40,
    "DJANGO_SECURE_SSL": "0",
    "DJANGO_SITE_URL": "http://127.0.0.1",
    # Readers are told apart by the X-Forwarded-For a proxy would add.
    "DJANGO_PROXY_COUNT": "1",
}


STACKS = ("sqlite", "postgres", "postgres+redis")


def configure(stack="postgres"):
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.pop("REDIS_URL", None)
    if stack == "sqlite":
        database = Path(tempfile.mkdtemp(prefix="newsroom-bench-")) / "bench.sqlite3"
        atexit.register(shutil.rmtree, database.parent, True)
        os.environ.update(SETTINGS, DATABASE_URL=f"sqlite:///{database}")
    else:
        os.environ.update(SETTINGS, DATABASE_URL=fresh_postgres_database())
    if stack == "postgres+redis":
        os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL") or private_redis()
    elif stack == "postgres" and os.environ.get("BENCH_REDIS_URL"):
        os.environ["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    sys.path.insert(0, str(ROOT))


def fresh_postgres_database():
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres"):
        sys.exit("The HTTP benchmarks need PostgreSQL: run them through `make bench`.")
    import psycopg2

    admin = psycopg2.connect(urlunsplit(url._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    return urlunsplit(url._replace(path=f"/{DATABASE}"))


def private_redis():
    """A Redis of this process's own on a free port, stopped when the process ends."""
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed (apt install redis-server).")
    directory, port = tempfile.mkdtemp(prefix="newsroom-bench-redis-"), free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", directory],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def stop():
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)

    atexit.register(stop)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return f"redis://127.0.0.1:{port}/0"


def prepare():
    """Static files as production serves them, the tables, the page cache's table and the
    demo content."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", verbosity=0)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers=2):
    """Serve the site with gunicorn as docs/operations.md says to in production; yields its URL."""
    from django.db import connections

    connections.close_all()  # the workers get their own connections
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=os.environ,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def signed_in_cookie(user):
    """A session for `user`, as the sign-in page would make it, as a Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
