"""Full-text search on PostgreSQL: the Spanish configuration and the indexed documents.

The documents are stored in generated columns that the Article model does not declare,
as SQLite could not make them; articles/search.py reads them by name. On SQLite this
does nothing: 0006 makes SQLite's own index.
"""

from django.db import migrations

from articles import search


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search.create_postgresql_index(schema_editor, apps.get_model("articles", "Article"))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search.drop_postgresql_index(schema_editor, apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editors_and_translators_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
