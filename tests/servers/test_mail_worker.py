"""Mail through the real parts: gunicorn serves the pages, a `manage.py db_worker` process
sends the mail, and a real SMTP server (aiosmtpd, started here) receives it.

On SQLite (one worker, the test database is a file both processes open) and PostgreSQL.
"""

import email
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Favorite, ReaderProfile, User
from digests.models import Alert, Digest
from tests.helpers import PASSWORD
from tests.servers.test_two_servers import Reader, free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

# Looks for tasks five times a second, so the tests wait less.
WORKER_OPTIONS = ["--no-reload", "--no-startup-delay", "--interval", "0.2"]


@pytest.fixture
def fast_password_hashing():
    """Passwords here are checked by gunicorn, which uses the production hasher."""


class Mailbox:
    """An SMTP server's handler: keeps what it accepts; while `refusing`, answers every
    recipient "451 try again later", as a server short of disk or over its quota does."""

    def __init__(self):
        self.messages = []
        self.refusing = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count, seconds=30):
        deadline = time.monotonic() + seconds
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} mails arrived, not {count}")
            time.sleep(0.1)
        return self.messages


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Site:
    def __init__(self, url, mailbox, environment):
        self.url, self.mailbox, self.environment = url, mailbox, environment

    def manage(self, *args):
        """Run a management command as cron would, in a process of its own; its output."""
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command, cwd=ROOT, env=self.environment, capture_output=True, text=True, check=True
        )
        return result.stdout


@pytest.fixture
def site(transactional_db):
    """The site, gunicorn and a worker running, and its SMTP server's mailbox."""
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": "mail-worker-test-key-" + "x" * 40,
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
    }
    environment.pop("DJANGO_DEBUG", None)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
        ),
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
            cwd=ROOT,
            env=environment,
        ),
    ]
    try:
        wait_until_up(url)
        yield Site(url, mailbox, environment)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        smtp.stop()


def sign_up(url, address, language="en"):
    path = "/en/accounts/sign-up/" if language == "en" else "/es/cuenta/registro/"
    data = {"email": address, "preferred_language": language}
    return Reader().post(f"{url}{path}", data | {"password1": PASSWORD, "password2": PASSWORD})


def test_a_spanish_reader_signs_up_chooses_a_weekly_digest_and_stops_it_in_one_click(
    site, make_topic, make_article
):
    url, mailbox = site.url, site.mailbox
    heart = make_topic(name_en="Heart", name_es="Corazón")
    new = make_article(topics=[heart], published_at=timezone.now() - timedelta(hours=2))
    english_only = make_article(
        spanish=False, topics=[heart], published_at=timezone.now() - timedelta(hours=3)
    )

    reader = Reader()
    status, _page = reader.post(
        f"{url}/es/cuenta/registro/",
        {"email": "ana@example.org", "preferred_language": "es"}
        | {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert status == 200
    (confirmation,) = mailbox.wait_for(1)
    assert confirmation["To"] == "ana@example.org"
    assert confirmation["Subject"] == "Confirme su dirección de correo electrónico para Newsroom"
    link = re.search(rf"{re.escape(url)}/es/cuenta/confirmar/\S+", confirmation.get_content())
    status, _page = reader.post(link.group(), {})
    assert status == 200
    assert User.objects.get(email="ana@example.org").is_active

    status, _page = reader.post(
        f"{url}/es/cuenta/",
        {"preferred_language": "es", "show_recommendations": "on"}
        | {"interests": heart.pk, "digest": "weekly"},
    )
    assert status == 200
    assert site.manage("send_digests") == "1 digests enqueued.\n"
    digest = mailbox.wait_for(2)[1]
    assert digest["Subject"] == "Su resumen semanal de Newsroom"
    text = digest.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert f"{new.title_es}\n  Popular en Corazón\n  {url}/es/noticias/{new.slug_es}/" in text
    assert f"{english_only.title_en} (En inglés)" in text
    assert "<img" not in digest.get_body(("html",)).get_content()

    # The mail client's one-click unsubscribe: a POST, no cookie, no CSRF token.
    unsubscribe = re.fullmatch(r"<(.+)>", digest["List-Unsubscribe"]).group(1)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    request = urllib.request.Request(unsubscribe, data=b"List-Unsubscribe=One-Click")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200

    Digest.objects.all().delete()  # as a week later
    assert site.manage("send_digests") == "0 digests enqueued.\n"
    time.sleep(2)
    assert len(mailbox.messages) == 2


def test_mail_the_smtp_server_refused_for_a_while_arrives_once_and_no_page_failed(site):
    url, mailbox = site.url, site.mailbox
    mailbox.refusing = True
    addresses = [f"reader{n}@example.org" for n in range(4)]
    for address in addresses:
        status, _page = sign_up(url, address)
        assert status == 200  # the sign-up page answered, "check your mail"
    # Each mail was tried once (that try's task done) and waits for its next try.
    deadline = time.monotonic() + 30
    while DBTaskResult.objects.successful().count() < len(addresses):
        assert time.monotonic() < deadline, "the worker never tried"
        time.sleep(0.2)
    assert mailbox.messages == []

    # The server accepts mail again; the worker's next tries are due (as an hour later).
    mailbox.refusing = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    messages = mailbox.wait_for(len(addresses))
    time.sleep(2)  # nothing more arrives
    assert sorted(message["To"] for message in messages) == addresses
    assert not DBTaskResult.objects.failed().exists()


def test_corrections_added_to_a_saved_article_reach_its_reader_in_one_alert(
    site, make_article, settings
):
    # The editor's process enqueues into the database, where the real worker looks.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reader = User.objects.create_user("ana@example.org", PASSWORD, preferred_language="es")
    ReaderProfile.objects.set_interests(reader, [], digest="weekly")
    article = make_article()
    Favorite.objects.save_article(reader, article)
    Favorite.objects.update(created_at=timezone.now() - timedelta(days=1))
    correction = article.notes.create(
        kind="correction", text_en="The dose was 5 mg.", text_es="La dosis era 5 mg."
    )
    article.notes.create(kind="update", text_en="A trial agreed.", text_es="Un ensayo coincide.")
    time.sleep(1)
    assert site.mailbox.messages == []  # the alert waits, in case more notes come

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # an hour on
    (alert,) = site.mailbox.wait_for(1)
    assert alert["To"] == "ana@example.org"
    assert alert["Subject"] == "Se corrigieron o actualizaron artículos que guardó"
    text = alert.get_body(("plain",)).get_content()
    assert "La dosis era 5 mg." in text and "Un ensayo coincide." in text
    assert f"{site.url}/es/noticias/{article.slug_es}/#note-{correction.pk}" in text
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    deadline = time.monotonic() + 30
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, "the second note's task never ran"
        time.sleep(0.2)
    time.sleep(1)
    assert len(site.mailbox.messages) == 1  # the second note's task found nothing left
    assert Alert.objects.filter(user=reader).count() == 2
