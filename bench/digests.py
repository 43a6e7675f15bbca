"""Benchmark: a week's digests for 10,000 readers, sent by two workers.

    make bench                       # a private PostgreSQL 15, started and removed
    DATABASE_URL=postgres://... .venv/bin/python bench/digests.py [--keepdb]

The recommendation benchmark's data (bench/recommendations.py: 20,000 articles over
three years, 10,000 readers, 200,000 favorites), every reader on a weekly digest, half
of them in Spanish. `manage.py send_digests` enqueues the digests; two `manage.py
db_worker` processes send them to a local SMTP server (aiosmtpd, in this process, which
only counts). Prints the time to enqueue, digests per second, the total time, and each
worker's memory as it goes (resident set at each tenth of the work) and at its peak.
`--sample N` stops once N digests are sent and extrapolates to all of them (quicker on a
busy machine, and said so in the output).

Before the workers start, this process sends PROFILED digests itself under cProfile, to
the same SMTP server, and prints where their time goes (then marks them unsent again, so
the workers send them too): what to cut first is read here, not guessed.
"""

import cProfile
import importlib.util
import io
import os
import pstats
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")
os.environ.setdefault("DJANGO_SITE_URL", "https://news.example.org")

import django  # noqa: E402

django.setup()

from _throwaway import throwaway_database  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.functions import Mod  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import ReaderProfile, User  # noqa: E402
from articles.models import Article  # noqa: E402
from digests.emails import DIGESTS_PER_TASK, send_digests  # noqa: E402
from digests.models import Digest  # noqa: E402

WORKERS = 2
TARGET = 10 * 60  # seconds, for all of them
PROFILED = 200  # digests sent under cProfile by this process


def recommendation_data():
    """bench/recommendations.py, loaded by path (a `recommendations` app may exist)."""
    path = Path(__file__).with_name("recommendations.py")
    spec = importlib.util.spec_from_file_location("bench_recommendations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Sink:
    """An SMTP server that accepts every mail and counts them."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss(pid, field="VmRSS"):
    """A process's resident memory (VmRSS) or its peak (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def profile(sink_port):
    """Send PROFILED digests in this process under cProfile, as a worker's tasks do; print
    where the time went."""
    mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": sink_port},
    }
    pks = list(Digest.objects.order_by("pk").values_list("pk", flat=True)[: 2 * PROFILED])
    profiler = cProfile.Profile()

    def send(pks):
        started = time.perf_counter()
        for start in range(0, len(pks), DIGESTS_PER_TASK):
            send_digests.call(pks[start : start + DIGESTS_PER_TASK])
        return time.perf_counter() - started

    with override_settings(MAILERS={"default": mailer}):
        # Without the profiler's own cost first: what one worker's CPU does alone.
        alone = send(pks[PROFILED:])
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            profiled = send(pks[:PROFILED])
            profiler.disable()
    Digest.objects.filter(pk__in=pks).update(sent_at=None, articles=0)
    print(
        f"One process, {PROFILED} digests: {PROFILED / alone:.1f} per second "
        f"({alone / PROFILED * 1000:.0f} ms each); under cProfile {PROFILED / profiled:.1f} "
        f"per second, {len(queries) / PROFILED:.1f} queries each",
        flush=True,
    )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"digests/|recommendations/|accounts/mail|template/(base|loader)|mail/message|"
        r"smtp|db/models/sql/compiler.py:\d+\(execute_sql\)|backends/utils.py:\d+\(execute\)",
        25,
    )
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()), flush=True)


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def main():
    data = recommendation_data()
    with throwaway_database("digests"):
        if not Article.objects.exists():
            print(f"Data: built in {data.build():.1f} s", flush=True)
            print(f"Neighbours and popularity: rebuilt in {data.rebuild():.1f} s", flush=True)
        Digest.objects.all().delete()
        users = User.objects.values_list("pk", flat=True)
        ReaderProfile.objects.bulk_create(
            (ReaderProfile(user_id=pk) for pk in users), ignore_conflicts=True
        )
        ReaderProfile.objects.update(digest=ReaderProfile.Digest.WEEKLY)
        User.objects.alias(parity=Mod("pk", 2)).filter(parity=0).update(preferred_language="es")
        readers = ReaderProfile.objects.count()

        sink = Sink()
        smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
        smtp.start()
        environment = os.environ | {
            "DATABASE_URL": database_url(),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
        }
        environment.pop("DJANGO_DEBUG", None)
        started = time.perf_counter()
        call_command("send_digests", stdout=open(os.devnull, "w"))  # noqa: SIM115
        enqueued = time.perf_counter() - started
        print(f"{readers:,} readers: digests enqueued in {enqueued:.1f} s", flush=True)
        if "--no-profile" not in sys.argv:
            profile(smtp.port)
            sink.received = 0
            started = time.perf_counter() - enqueued
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--verbosity", "0"]
        workers = [
            subprocess.Popen([*command, "--worker-id", f"bench-{n}"], cwd=ROOT, env=environment)
            for n in range(WORKERS)
        ]
        memory = {worker.pid: [] for worker in workers}
        tenth = 0
        goal = readers
        if "--sample" in sys.argv:
            goal = min(readers, int(sys.argv[sys.argv.index("--sample") + 1]))
        try:
            while (done := Digest.objects.exclude(sent_at=None).count()) < goal:
                if any(worker.poll() is not None for worker in workers):
                    sys.exit("A worker stopped.")
                if done >= tenth * goal / 10:
                    for worker in workers:
                        memory[worker.pid].append(rss(worker.pid))
                    tenth += 1
                time.sleep(1)
            total = time.perf_counter() - started
            peaks = [rss(worker.pid, "VmHWM") for worker in workers]
            for worker in workers:
                memory[worker.pid].append(rss(worker.pid))
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=60)
            smtp.stop()
        done = Digest.objects.exclude(sent_at=None).count()
        sent = Digest.objects.filter(articles__gt=0).count()
        print(
            f"{sent:,} digests sent, {done - sent:,} with nothing new (none sent); "
            f"{sink.received:,} mails received by the SMTP server"
        )
        rate = done / (total - enqueued)
        if done < readers:
            total = enqueued + readers / rate
            print(f"Sample of {done:,}: the total below is extrapolated from its rate.")
        print(
            f"{WORKERS} workers: {rate:.1f} digests per second; "
            f"all {readers:,} in {total:.0f} s ({total / 60:.1f} min) from the command's start"
        )
        for n, samples in enumerate(memory.values()):
            print(
                f"Worker {n + 1} resident memory (MB) at each tenth: "
                + " ".join(f"{sample:.0f}" for sample in samples)
                + f"; peak {peaks[n]:.0f} MB"
            )
        met = total < TARGET and sink.received == sent
        print(
            f"Target: all in under {TARGET // 60} minutes, each mail once: "
            + ("met ✓" if met else "missed ✗")
        )
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
