"""Mail goes out from the background worker: a page never waits for the SMTP server, and a
mail the server fails or refuses is tried again later until it goes, or staff see it."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from accounts.mail import RETRY_DELAYS
from accounts.models import User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_tasks(settings):
    """Tasks wait in the database for a worker, as on the site."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """What `manage.py db_worker` does with the tasks due now, here in the test's process
    (whose connection, inside the test's transaction, the worker must not close)."""
    with mock.patch.object(db_worker, "close_old_connections"):
        worker().run()


def worker():
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


@pytest.fixture
def smtp_down(monkeypatch):
    """The SMTP server refuses every mail until the test sets `smtp_down.up = True`."""

    class Server:
        up = False
        send_messages = EmailBackend.send_messages

    def send_messages(backend, messages):
        if not Server.up:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return Server.send_messages(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return Server


def sign_up(client, email="reader@example.org", language="en"):
    path = "/en/accounts/sign-up/" if language == "en" else "/es/cuenta/registro/"
    data = {"email": email, "preferred_language": language}
    return client.post(path, data | {"password1": PASSWORD, "password2": PASSWORD})


def test_signing_up_answers_at_once_while_the_smtp_server_is_down(client, smtp_down):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == "/en/accounts/sign-up/sent/"
    assert mail.outbox == []


def test_the_page_only_enqueues_the_mail_and_the_worker_sends_it(client, worker_tasks):
    sign_up(client, language="es")
    assert mail.outbox == []
    run_worker()
    (message,) = mail.outbox
    assert message.subject == "Confirme su dirección de correo electrónico para Newsroom"
    assert "http://testserver/es/cuenta/" in message.body


def test_no_link_that_signs_in_is_stored_in_the_task_table(client, worker_tasks):
    """Staff can read the task table in the admin; a confirmation link would sign them in."""
    sign_up(client)
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"][:3] == ["activation", User.objects.get().pk, "en"]
    run_worker()
    link = mail.outbox[0].body.split("http://testserver")[1].split()[0]
    assert link.rstrip("/").rsplit("/", 1)[1] not in str(task.args_kwargs)


def test_a_failed_mail_is_tried_again_later_until_the_server_takes_it(
    client, worker_tasks, smtp_down, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    sign_up(client)
    run_worker()
    assert mail.outbox == []
    retry = DBTaskResult.objects.ready()
    assert not retry.exists()  # not before its time
    later = DBTaskResult.objects.filter(status="READY").get()
    assert later.run_after == timezone.now() + RETRY_DELAYS[0]

    # An hour of refusals, then the server is back: the mail goes, once.
    for _try in range(6):
        time_machine.shift(timedelta(minutes=61))
        run_worker()
    assert mail.outbox == []
    smtp_down.up = True
    time_machine.shift(timedelta(minutes=61))
    run_worker()
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    run_worker()
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.failed().exists()


def test_after_the_last_try_the_mail_shows_as_failed_to_staff(
    client, admin_client, worker_tasks, smtp_down, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    sign_up(client)
    for _try in range(len(RETRY_DELAYS) + 1):
        run_worker()
        time_machine.shift(max(RETRY_DELAYS))
    (failed,) = DBTaskResult.objects.failed()
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.count() == len(RETRY_DELAYS) + 1
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").text
    assert "send_account_email" in page
    detail = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/").text
    assert "SMTPServerDisconnected" in detail


def test_a_mail_for_an_account_deleted_meanwhile_is_dropped(client, worker_tasks):
    sign_up(client)
    User.objects.all().delete()
    run_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.successful().exists()


def test_a_password_reset_link_is_made_by_the_worker_and_works(client, worker_tasks):
    User.objects.create_user("reader@example.org", PASSWORD)
    client.post("/es/cuenta/recuperar-contrasena/", {"email": "reader@example.org"})
    assert "reader@example.org" not in str(DBTaskResult.objects.get().args_kwargs)
    run_worker()
    (message,) = mail.outbox
    link = message.body.split("http://testserver")[1].split()[0]
    assert link.startswith("/es/")
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.text
