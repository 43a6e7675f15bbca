"""Full-text search on SQLite: an FTS5 table of the articles, kept in step by triggers.

On PostgreSQL this makes nothing (0005 made its index): ArticleSearchEntry is unmanaged.

The FTS5 table has, for each article (its rowid is the article's id), the title and the
text (summary and body) in each language. The triggers keep it in step with the articles
table however the articles change: admin, bulk updates, raw SQL. The SQL is written out
as it was when this migration was made (see 0005); articles/search.py keeps a copy of
the triggers, to put them back after a migration that rebuilds the articles table, and
a test checks that the two agree.
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARDS = [
    """
    CREATE VIRTUAL TABLE articles_article_search USING fts5(
        title_en, text_en, title_es, text_es,
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    INSERT INTO articles_article_search (rowid, title_en, text_en, title_es, text_es)
    SELECT id, title_en,
        coalesce(summary_en, '') || char(10, 10) || coalesce(body_en, ''),
        title_es,
        coalesce(summary_es, '') || char(10, 10) || coalesce(body_es, '')
    FROM articles_article
    """,
    """
        CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article
        BEGIN
            INSERT INTO articles_article_search (rowid, title_en, text_en, title_es, text_es)
            VALUES (
                new.id,
                new.title_en,
                coalesce(new.summary_en, '') || char(10, 10) || coalesce(new.body_en, ''),
                new.title_es,
                coalesce(new.summary_es, '') || char(10, 10) || coalesce(new.body_es, '')
            );
        END
    """,
    """
        CREATE TRIGGER articles_article_search_update
        AFTER UPDATE OF title_en, summary_en, body_en, title_es, summary_es, body_es
        ON articles_article
        BEGIN
            UPDATE articles_article_search SET
                title_en = new.title_en,
                text_en = coalesce(new.summary_en, '') || char(10, 10) || coalesce(new.body_en, ''),
                title_es = new.title_es,
                text_es = coalesce(new.summary_es, '') || char(10, 10) || coalesce(new.body_es, '')
            WHERE rowid = old.id;
        END
    """,
    """
        CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article
        BEGIN
            DELETE FROM articles_article_search WHERE rowid = old.id;
        END
    """,
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS articles_article_search_insert",
    "DROP TRIGGER IF EXISTS articles_article_search_update",
    "DROP TRIGGER IF EXISTS articles_article_search_delete",
    "DROP TABLE articles_article_search",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


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
                # articles.models.FullTextDocument in the model, for its MATCH lookup; a
                # plain text field here, as nothing in a migration queries the index and
                # Django never makes this table (it is unmanaged).
                ("document", models.TextField(db_column="articles_article_search")),
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
