from django.db import migrations
from django.db.models import F
from django.db.models.functions import Now


def stamp_existing_rows(apps, schema_editor):
    """Existing translations count as up to date: nothing tells us otherwise."""
    Article = apps.get_model("articles", "Article")
    Topic = apps.get_model("articles", "Topic")
    Article.objects.update(english_edited_at=F("updated_at"))
    Article.objects.filter(title_es__isnull=False).update(spanish_edited_at=F("updated_at"))
    Topic.objects.update(english_edited_at=Now())
    Topic.objects.filter(name_es__isnull=False).update(spanish_edited_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_review_pages_promos_history"),
    ]

    operations = [
        migrations.RunPython(stamp_existing_rows, migrations.RunPython.noop),
    ]
