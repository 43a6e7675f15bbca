"""Search on PostgreSQL: each article's week of publication in the GIN indexes.

With it, the search finds a common word's most recent matches a few weeks at a time
(see articles/search.py, `PostgreSQL.newest_matches`). On SQLite this does nothing.
"""

from django.db import migrations

from articles import search


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search.create_week_index(schema_editor, apps.get_model("articles", "Article"))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search.drop_week_index(schema_editor, apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_sqlite_full_text_search"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
