from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Favorite, ReaderProfile
from articles.models import Article, ArticleNote

PERIODS = {
    ReaderProfile.Digest.DAILY: timedelta(days=1),
    ReaderProfile.Digest.WEEKLY: timedelta(days=7),
}


def period_start(frequency, now):
    """Midnight (UTC) starting today's period: today for a daily digest, Monday for a
    weekly one. A reader gets one digest per period, whenever in it the command runs."""
    day = now.date()
    if frequency == ReaderProfile.Digest.WEEKLY:
        day -= timedelta(days=day.weekday())
    return datetime.combine(day, time(), tzinfo=UTC)


class DigestQuerySet(models.QuerySet):
    def plan(self, now=None):
        """A row for each reader who chose a digest and has none for this period yet.

        The unique constraint makes this safe to run twice, or twice at once: the second
        insert of a (reader, period) is ignored by the database.
        """
        now = now or timezone.now()
        for frequency in PERIODS:
            start = period_start(frequency, now)
            readers = ReaderProfile.objects.filter(digest=frequency, user__is_active=True)
            self.bulk_create(
                (
                    self.model(user_id=pk, period_start=start, frequency=frequency)
                    for pk in readers.values_list("user_id", flat=True).iterator()
                ),
                batch_size=1000,
                ignore_conflicts=True,
            )

    def enqueue(self, task, per_task, now=None, batch_size=1000):
        """Enqueue `task([digest id, ...])` for the digests no one enqueued yet, `per_task`
        ids to a task; how many digests.

        The rows are claimed a batch at a time, each batch in one transaction: on
        PostgreSQL, rows another run has locked are skipped (and it marks them); on SQLite
        one writer runs at a time. The tasks are rows of the same database, committed with
        the mark or not at all, and workers start on a batch as soon as it is committed.
        """
        now = now or timezone.now()
        enqueued = 0
        while True:
            with transaction.atomic():
                claimed = list(
                    self.filter(enqueued_at=None)
                    .select_for_update(skip_locked=True)
                    .values_list("pk", flat=True)[:batch_size]
                )
                for start in range(0, len(claimed), per_task):
                    task.enqueue(claimed[start : start + per_task])
                self.filter(pk__in=claimed).update(enqueued_at=now)
            if not claimed:
                return enqueued
            enqueued += len(claimed)


class Digest(models.Model):
    """One reader's digest for one period: planned, enqueued, then sent (or found empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint's index starts with it
        verbose_name=_("reader"),
    )
    frequency = models.CharField(_("frequency"), max_length=6, choices=ReaderProfile.Digest.choices)
    period_start = models.DateTimeField(_("period"))
    enqueued_at = models.DateTimeField(_("enqueued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # 0 with a date sent: there was nothing new, and no mail went.
    articles = models.PositiveSmallIntegerField(_("articles"), default=0)

    objects = DigestQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_start"], name="unique_digest_period"),
        ]
        indexes = [
            models.Index(
                fields=["enqueued_at"],
                name="digest_not_enqueued_idx",
                condition=models.Q(enqueued_at=None),
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.frequency} {self.period_start:%Y-%m-%d}"

    @property
    def since(self):
        """The start of the period before: what is new to the reader."""
        return self.period_start - PERIODS[self.frequency]


# The notes readers are told about, in digests and alerts: a clarification changes no fact.
NEWS_KINDS = [ArticleNote.Kind.CORRECTION, ArticleNote.Kind.UPDATE]

# An alert is about a fresh change: a reader who turns alerts on is not sent the past.
ALERT_RECENT = timedelta(days=2)


def notes_for(user_id, since, until):
    """Corrections and updates noted in [since, until) to published articles the reader
    saved before the note (one saved after it was read with the note on the page)."""
    saved_before = Favorite.objects.filter(
        user_id=user_id, article=OuterRef("article"), created_at__lt=OuterRef("noted_at")
    )
    return ArticleNote.objects.filter(
        Exists(saved_before),
        kind__in=NEWS_KINDS,
        noted_at__gte=since,
        noted_at__lt=until,
        article__in=Article.objects.published(),
    )


class AlertQuerySet(models.QuerySet):
    def pending(self, user_id, now=None):
        """The notes of the last ALERT_RECENT the reader has not been alerted to yet."""
        now = now or timezone.now()
        alerted = self.filter(user_id=user_id, note=OuterRef("pk"))
        return notes_for(user_id, now - ALERT_RECENT, now).filter(~Exists(alerted))


class Alert(models.Model):
    """One correction or update told to one reader. Inserted when an alert claims the note,
    before the mail goes: the unique constraint is what keeps a note from going to a reader
    twice, however many tasks and workers run. Deleting the note deletes its rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint's index starts with it
        verbose_name=_("reader"),
    )
    note = models.ForeignKey(
        ArticleNote, on_delete=models.CASCADE, related_name="+", verbose_name=_("note")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "note"], name="unique_alert_note"),
        ]

    def __str__(self):
        return f"{self.user} {self.note}"
