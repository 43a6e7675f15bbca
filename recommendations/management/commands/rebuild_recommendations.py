import time

from django.core.management.base import BaseCommand
from django.db import transaction

from recommendations.models import ArticleNeighbour, ArticlePopularity


class Command(BaseCommand):
    help = (
        "Recount every article's saves and “Yes” answers and recompute every article's "
        "neighbours (the articles its readers also saved). Saving or removing a favorite "
        "refreshes that article only; run this nightly, and after importing favorites."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            ArticlePopularity.objects.rebuild()
            ArticleNeighbour.objects.rebuild()
        self.stdout.write(
            f"{ArticlePopularity.objects.count()} articles counted, "
            f"{ArticleNeighbour.objects.count()} neighbour rows, "
            f"in {time.perf_counter() - started:.1f} s."
        )
