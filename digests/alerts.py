"""Alerts: "tell me when this article changes".

A reader who chose a digest, and did not turn alerts off in their settings, gets a short
mail when a correction or update is added to an article they saved. Editors often add
notes one after another, so a note's alert waits ALERT_DELAY: one mail then tells each
reader every note they have not been told about yet, and the later notes' own tasks find
nothing left to say. Three notes in an hour make one mail.

Each (reader, note) told is an `Alert` row, claimed under the reader's profile row lock
before the mail goes and held by a unique constraint: two tasks or two workers never send
a note to a reader twice. A note deleted before its alert goes is in no mail.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from accounts.mail import absolute_url, send_or_retry
from accounts.models import ReaderProfile, User
from articles.models import Article, ArticleNote

from .emails import shown_in, unsubscribable_mail
from .models import NEWS_KINDS, Alert

ALERT_DELAY = timedelta(hours=1)

UNSUBSCRIBE_SALT = "digests.alerts.unsubscribe"


def connect():
    """Called once, by the app's ready()."""
    post_save.connect(note_added, sender=ArticleNote, dispatch_uid="alerts-note-added")


def note_added(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.kind not in NEWS_KINDS:
        return
    # After the editor's transaction commits: a worker must find the note, and nothing is
    # enqueued for a save that is rolled back.
    note_id = instance.pk
    transaction.on_commit(lambda: schedule_alerts(note_id))


def schedule_alerts(note_id):
    backend_can_wait = alert_readers.get_backend().supports_defer
    if backend_can_wait:
        alert_readers.using(run_after=timezone.now() + ALERT_DELAY).enqueue(note_id)
    else:  # a backend that runs tasks at once (development): no batching
        alert_readers.enqueue(note_id)


def unsubscribe_url(user):
    token = signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("digests:stop-alerts", args=[token]))


@task()
def alert_readers(note_id):
    """Enqueue an alert for each reader who saved the note's article and gets alerts."""
    note = ArticleNote.objects.filter(
        pk=note_id, kind__in=NEWS_KINDS, article__in=Article.objects.published()
    ).first()
    if note is None:
        return "no alert: the note was deleted, or its article is not published"
    readers = ReaderProfile.objects.alerted().filter(user__favorites__article=note.article_id)
    count = 0
    for user_id in readers.values_list("user_id", flat=True).iterator():
        send_alert.enqueue(user_id)
        count += 1
    return f"{count} alerts enqueued"


def alert_message(user, notes):
    language = user.preferred_language
    with translation.override(language):
        context = {
            "user": user,
            "notes": shown_in(notes, language),
            "site_url": absolute_url(reverse("home")),
            "settings_url": absolute_url(reverse("accounts:account") + "#alerts"),
            "unsubscribe_url": unsubscribe_url(user),
            "LANGUAGE_CODE": language,
        }
        return unsubscribable_mail("alert", user, context)


@task()
def send_alert(user_id, attempt=1):
    """Tell the reader of every correction and update they have not been told about."""
    with transaction.atomic():
        # The reader's row lock: a second task for the same reader waits here, then finds
        # the notes claimed. The unique constraint stops any other path.
        profile = (
            ReaderProfile.objects.alerted()
            .select_for_update(of=("self",))
            .filter(user_id=user_id)
            .first()
        )
        if profile is None:
            return "not sent: the reader gets no alerts"
        notes = list(Alert.objects.pending(user_id).select_related("article"))
        Alert.objects.bulk_create(Alert(user_id=user_id, note=note) for note in notes)
    if not notes:
        return "not sent: nothing new"
    message = alert_message(User.objects.get(pk=user_id), notes)
    if not send_or_retry(send_alert, message, user_id, attempt=attempt):
        # Not told after all: the next try claims them again, with any newer notes.
        Alert.objects.filter(user_id=user_id, note__in=notes).delete()
        return "not sent; tried again later"
    return f"sent, {len(notes)} notes"
