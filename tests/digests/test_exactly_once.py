"""Each reader gets each period's digest once, even when the command runs twice at the same
moment (cron on two machines, or an operator's manual run): the database decides."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accounts.models import ReaderProfile, User
from digests.models import Digest

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 200


@pytest.fixture
def readers(db):
    users = User.objects.bulk_create(
        User(email=f"reader{n}@example.org", password="!") for n in range(READERS)
    )
    ReaderProfile.objects.bulk_create(ReaderProfile(user=user, digest="weekly") for user in users)


def test_two_runs_at_once_enqueue_each_readers_digest_once(readers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            call_command("send_digests", stdout=io.StringIO())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Digest.objects.count() == READERS
    assert not Digest.objects.filter(enqueued_at=None).exists()
    digests = [pk for task in DBTaskResult.objects.all() for pk in task.args_kwargs["args"][0]]
    assert sorted(digests) == sorted(Digest.objects.values_list("pk", flat=True))
