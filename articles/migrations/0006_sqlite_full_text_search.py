"""Full-text search on SQLite: an FTS5 table of the articles, kept in step by triggers.

On PostgreSQL this makes nothing (0005 made its index): ArticleSearchEntry is unmanaged.
"""

import django.db.models.deletion
from django.db import migrations, models

import articles.models
from articles import search


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search.create_sqlite_index(schema_editor)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search.drop_sqlite_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_postgresql_full_text_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleSearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "document",
                    articles.models.FullTextDocument(db_column="articles_article_search"),
                ),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "db_table": "articles_article_search",
                "managed": False,
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
