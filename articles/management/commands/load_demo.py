import tomllib
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, ArticleNote, Page, Promo, Topic

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo.toml"


class Command(BaseCommand):
    help = (
        "Load the demo topics, articles, pages and promos. "
        "Safe to repeat: what exists is left as it is."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        demo = tomllib.loads(DEMO_FILE.read_text(encoding="utf-8"))
        topics = {}
        for fields in demo["topic"]:
            slug = fields["slug_en"]
            topics[slug], _created = Topic.objects.get_or_create(slug_en=slug, defaults=fields)

        created = 0
        for fields in demo["article"]:
            fields = dict(fields)
            topic_slugs = fields.pop("topics")
            notes = fields.pop("notes", [])
            if Article.objects.filter(slug_en=fields["slug_en"]).exists():
                continue
            published_at = datetime.fromisoformat(fields.pop("published_at"))
            article = Article.objects.create(
                **fields
                | {
                    "status": Article.Status.PUBLISHED,
                    "published_at": published_at,
                    "paper_published_on": date.fromisoformat(fields["paper_published_on"]),
                }
            )
            article.topics.set([topics[slug] for slug in topic_slugs])
            # Demo articles have not been edited since they were published.
            Article.objects.filter(pk=article.pk).update(updated_at=published_at)
            for note in notes:
                ArticleNote.objects.create(
                    article=article,
                    **note | {"noted_at": datetime.fromisoformat(note["noted_at"])},
                )
            created += 1

        for fields in demo["page"]:
            Page.objects.get_or_create(
                slug_en=fields["slug_en"],
                defaults=fields
                | {
                    "status": Page.Status.PUBLISHED,
                    "published_at": datetime.fromisoformat(fields["published_at"]),
                },
            )

        for fields in demo["promo"]:
            Promo.objects.get_or_create(
                campaign=fields["campaign"],
                defaults=fields
                | {
                    "starts_at": datetime.fromisoformat(fields["starts_at"]),
                    "ends_at": datetime.fromisoformat(fields["ends_at"]),
                },
            )

        total = len(demo["article"])
        self.stdout.write(
            f"Demo content: {created} articles added, {total - created} already there."
        )
