from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ReaderProfile

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

    def enqueue(self, task, now=None, batch_size=1000):
        """Enqueue `task(digest id)` for each digest no one enqueued yet; how many.

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
                for pk in claimed:
                    task.enqueue(pk)
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
