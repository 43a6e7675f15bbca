"""Full-text search on PostgreSQL: the Spanish configuration and the indexed documents.

The documents are stored in generated columns that the Article model does not declare,
as SQLite could not make them; articles/search.py reads them by name. Each language's
document is its title, summary and body, weighted A, B and C, under its text-search
configuration. On SQLite this does nothing: 0006 makes SQLite's own index.

The SQL is written out here, as it was when this migration was made: a migration is
history, and must do the same thing on every database it ever runs on. A change to the
documents is a new migration. The columns are generated from the title, summary and
body columns, and PostgreSQL will not change the type of a column that one is generated
from: a migration that does (a longer title, say) drops the search columns first and
makes them again after.
"""

from django.db import migrations

# unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
# The documents are kept in the row (storage MAIN) rather than moved out to the TOAST
# table with the bodies: reading them there would cost ranking several buffers per
# article. Stored, not only indexed, because ranking reads each match's document: from
# an index on the expression, PostgreSQL would compute it again for each one.
FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION spanish_unaccent (COPY = spanish)",
    "ALTER TEXT SEARCH CONFIGURATION spanish_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    """
    ALTER TABLE articles_article ADD COLUMN search_en tsvector GENERATED ALWAYS AS ((
        (
            setweight(to_tsvector('english'::regconfig, COALESCE("title_en", '')), 'A')
            || setweight(to_tsvector('english'::regconfig, COALESCE("summary_en", '')), 'B')
        )
        || setweight(to_tsvector('english'::regconfig, COALESCE("body_en", '')), 'C')
    )) STORED,
    ALTER COLUMN search_en SET STORAGE MAIN
    """,
    "CREATE INDEX article_search_en_idx ON articles_article USING gin (search_en)",
    """
    ALTER TABLE articles_article ADD COLUMN search_es tsvector GENERATED ALWAYS AS ((
        (
            setweight(to_tsvector('spanish_unaccent'::regconfig, COALESCE("title_es", '')), 'A')
            || setweight(
                to_tsvector('spanish_unaccent'::regconfig, COALESCE("summary_es", '')), 'B'
            )
        )
        || setweight(to_tsvector('spanish_unaccent'::regconfig, COALESCE("body_es", '')), 'C')
    )) STORED,
    ALTER COLUMN search_es SET STORAGE MAIN
    """,
    "CREATE INDEX article_search_es_idx ON articles_article USING gin (search_es)",
]
BACKWARDS = [
    "ALTER TABLE articles_article DROP COLUMN search_en",
    "ALTER TABLE articles_article DROP COLUMN search_es",
    "DROP TEXT SEARCH CONFIGURATION spanish_unaccent",
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
        ("articles", "0004_editors_and_translators_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
