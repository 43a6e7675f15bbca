"""Search on PostgreSQL: each article's week of publication in the GIN indexes.

With it, the search finds a common word's most recent matches a few weeks at a time
(see articles/search.py, `PostgreSQL.newest_matches`). On SQLite this does nothing.

`published_week` is generated from `published_at`: one lexeme, the number of whole weeks
(604,800 seconds) since 1970 ("2968"), or none for an article never published. Each
language's GIN index covers the words and the week, so that it gives the matches of a
few weeks. The SQL is written out as it was when this migration was made (see 0005).
"""

from django.db import migrations

FORWARDS = [
    """
    ALTER TABLE articles_article ADD COLUMN published_week tsvector GENERATED ALWAYS AS (
        CASE WHEN published_at IS NULL THEN ''::tsvector
        ELSE array_to_tsvector(
            ARRAY[floor(extract(epoch FROM published_at AT TIME ZONE 'UTC') / 604800)::int::text]
        ) END
    ) STORED
    """,
    "DROP INDEX article_search_en_idx",
    "CREATE INDEX article_search_en_idx ON articles_article USING gin (search_en, published_week)",
    "DROP INDEX article_search_es_idx",
    "CREATE INDEX article_search_es_idx ON articles_article USING gin (search_es, published_week)",
]
BACKWARDS = [
    "DROP INDEX article_search_en_idx",
    "CREATE INDEX article_search_en_idx ON articles_article USING gin (search_en)",
    "DROP INDEX article_search_es_idx",
    "CREATE INDEX article_search_es_idx ON articles_article USING gin (search_es)",
    "ALTER TABLE articles_article DROP COLUMN published_week",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_sqlite_full_text_search"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
