"""Each reader gets each period's digest once, even when the command runs twice at the same
moment (cron on two machines, or an operator's manual run), and each note's alert once,
even when two workers send a reader's alerts at the same moment: the database decides."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Favorite, ReaderProfile, User
from digests.alerts import send_alert
from digests.models import Alert, Digest

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 200


@pytest.fixture
def readers(db):
    users = User.objects.bulk_create(
        User(email=f"reader{n}@example.org", password="!") for n in range(READERS)
    )
    ReaderProfile.objects.bulk_create(ReaderProfile(user=user, digest="weekly") for user in users)


def at_once(work):
    """Run `work` in two threads (two connections) starting together; their errors."""
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            work()
        except Exception as error:  # reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_runs_at_once_enqueue_each_readers_digest_once(readers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert at_once(lambda: call_command("send_digests", stdout=io.StringIO())) == []
    assert Digest.objects.count() == READERS
    assert not Digest.objects.filter(enqueued_at=None).exists()
    digests = [pk for task in DBTaskResult.objects.all() for pk in task.args_kwargs["args"][0]]
    assert sorted(digests) == sorted(Digest.objects.values_list("pk", flat=True))


def test_two_workers_sending_the_same_readers_alerts_send_each_note_once(
    readers, make_article, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued
    article = make_article()
    users = list(User.objects.order_by("pk")[:50])
    Favorite.objects.bulk_create(Favorite(user=user, article=article) for user in users)
    Favorite.objects.update(created_at=timezone.now() - timedelta(days=1))
    for kind in ("correction", "update"):
        article.notes.create(kind=kind, text_en=f"An {kind}.")

    def send_all():
        for user in users:
            send_alert.call(user.pk)

    assert at_once(send_all) == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users)
    assert Alert.objects.count() == 2 * len(users)
