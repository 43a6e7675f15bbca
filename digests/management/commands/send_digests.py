from django.core.management.base import BaseCommand

from digests.emails import DIGESTS_PER_TASK, send_digests
from digests.models import Digest


class Command(BaseCommand):
    help = (
        "Enqueue this period's digest for every reader who chose one and has not had it "
        "(run it from cron, e.g. daily at 07:00; running it again sends nothing twice)."
    )

    def handle(self, **options):
        Digest.objects.plan()
        enqueued = Digest.objects.enqueue(send_digests, DIGESTS_PER_TASK)
        self.stdout.write(f"{enqueued} digests enqueued.")
