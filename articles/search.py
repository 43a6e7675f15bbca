"""Full-text search of the articles readers can see, in the reader's language.

`search(language, query)` is the one entry point: the search page and `make bench` call
it. It finds the published articles that have a page in `language` and match `query`,
best match first, each with `.snippet`: a passage of its text, the matching words in
`<mark>`.

- PostgreSQL: full-text search with the `english` configuration and, for Spanish,
  `spanish_unaccent` (accents removed before Spanish stemming: "nino" finds "niño"),
  ranked title above summary above body. Each article's words in each language are
  stored in a tsvector column with a GIN index (migration 0005).
- SQLite: an FTS5 table kept in step with the articles by triggers (migration 0006),
  which ignores case and accents in both languages, ranked by bm25.

A common word costs little however many articles it is in: only its MAX_RESULTS most
recent matches are ranked (see `search`).
"""

import re
import unicodedata
from operator import itemgetter

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection, connections, models, transaction
from django.db.models.expressions import Col
from django.db.models.functions import Concat, Left
from django.db.models.sql import Query
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
# A word found in thousands of articles ("cancer") is searched among its MAX_RESULTS
# most recent ones: PostgreSQL walks the publication-date index until it has them,
# rather than reading and ranking every match.
MAX_RESULTS = 500
# Snippets are taken from the start of the text (summary and body), as finding the
# passage means parsing all of it: half a millisecond for 4,000 characters.
SNIPPET_SOURCE_LENGTH = 2000
CONFIGS = {"en": "english", "es": "spanish_unaccent"}

# The databases mark the matches with these characters (private use: they never come
# from a query, which clean_query() rids of them, and editors do not type them); the
# snippet is escaped first and only then are they turned into <mark> tags.
START, STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)?|\]\([^)]*\)?")
MARKDOWN_SYNTAX = re.compile(r"^\s*(?:#+|>|[-+*]\s|\d+\.\s)|[*_`#\[\]]", re.MULTILINE)


def clean_query(text):
    """The reader's query as it is searched: printable, on one line, and not too long."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_LENGTH * 4])
    # Control characters (NUL among them), line breaks and lone surrogates become spaces.
    text = "".join(character if character.isprintable() else " " for character in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(language, query, articles=None):
    """The published articles in `language` that match `query`, best first.

    `articles` (by default all of them) may add to the query, e.g. prefetch topics.

    The matches are ranked in one query, which returns their ids; the articles and
    their snippets are fetched a page at a time (see Results). When there are more than
    MAX_RESULTS matches, the MAX_RESULTS most recent are the ones ranked: PostgreSQL
    can find those by walking the publication-date index, without reading the others.
    """
    query = clean_query(query)
    if articles is None:
        articles = Article.objects.all()
    articles = articles.published().in_language(language)
    backend = PostgreSQL if connection.vendor == "postgresql" else SQLite
    return backend(articles, language, query).results()


class Results:
    """Search results as Django's paginator pages them: ids, best first, and a length.

    A slice fetches its articles, each with `.snippet`, in one query.
    """

    def __init__(self, ids, fetch):
        self.ids = ids
        self.fetch = fetch

    @property
    def capped(self):
        """Whether there may be more matches than were ranked."""
        return len(self.ids) == MAX_RESULTS

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index]
        if not ids:
            return []
        found = {article.pk: article for article in self.fetch(ids)}
        return [found[pk] for pk in ids if pk in found]


class Backend:
    """How one database finds, ranks and highlights matches.

    `newest_matches()` gives (id, rank) of the MAX_RESULTS most recent matches, a higher
    rank for a better match; `page(ids)` those articles with their `.snippet`.
    """

    def __init__(self, articles, language, query):
        self.articles = articles
        self.language = language
        self.query = query

    def results(self):
        # Sorting keeps the newest first among equal ranks.
        ranked = sorted(self.newest_matches(), key=itemgetter(1), reverse=True)
        return Results([pk for pk, _rank in ranked], self.page)

    def page(self, ids):
        return self.articles.filter(pk__in=ids).annotate(snippet=self.snippet())


class Snippet(models.TextField):
    """A snippet as it comes from the database, read as safe HTML with its matches marked."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        text = MARKDOWN_SYNTAX.sub("", MARKDOWN_LINK.sub(r"\1", value))
        html = MARKED.sub(r"<mark>\1</mark>", escape(" ".join(text.split())))
        return mark_safe(html.replace(START, "").replace(STOP, ""))


# PostgreSQL


def document(language):
    """An article's words in `language`, weighted by where they are: title, summary, body.

    Migration 0005 stores it in the column `search_<language>` (see StoredDocument);
    a change here needs a migration that makes those columns again.
    """
    config = CONFIGS[language]
    return (
        SearchVector(f"title_{language}", config=config, weight="A")
        + SearchVector(f"summary_{language}", config=config, weight="B")
        + SearchVector(f"body_{language}", config=config, weight="C")
    )


class StoredDocument(models.Expression):
    """`document(language)` as stored, in the generated column `search_<language>`.

    Stored, not only indexed, because ranking reads each candidate's document: from an
    index on the expression, PostgreSQL would compute the document again for each one.
    The model does not declare the column (SQLite could not make it): this names it, in
    the articles table of the query at hand, under the alias that query gives it.
    """

    output_field = SearchVectorField()

    def __init__(self, language):
        super().__init__()
        self.language = language

    def resolve_expression(self, query=None, *args, **kwargs):
        column = SearchVectorField()
        column.set_attributes_from_name(f"search_{self.language}")
        return Col(query.get_initial_alias(), column, self.output_field)


def create_postgresql_index(schema_editor, article_model):
    """Make the Spanish configuration and the indexed `search_<language>` columns.

    The columns are generated from the title, summary and body columns, and PostgreSQL
    will not change the type of a column that one is generated from: a migration that
    does (a longer title, say) drops the search columns first and makes them again after.
    """
    # unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION spanish_unaccent (COPY = spanish)")
    schema_editor.execute(
        "ALTER TEXT SEARCH CONFIGURATION spanish_unaccent "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem"
    )
    table = article_model._meta.db_table
    for language in CONFIGS:
        query = Query(article_model, alias_cols=False)
        compiler = query.get_compiler(connection=schema_editor.connection)
        sql, params = compiler.compile(document(language).resolve_expression(query))
        # Kept in the row (storage MAIN) rather than moved out to the TOAST table with
        # the bodies: reading it there costs ranking and the publication-date walk
        # (see `newest_matches`) several buffers per article.
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_{language} tsvector "
            f"GENERATED ALWAYS AS ({sql}) STORED, "
            f"ALTER COLUMN search_{language} SET STORAGE MAIN",
            params,
        )
        schema_editor.execute(
            f"CREATE INDEX article_search_{language}_idx ON {table} USING gin (search_{language})"
        )


def drop_postgresql_index(schema_editor, article_model):
    for language in CONFIGS:
        schema_editor.execute(
            f"ALTER TABLE {article_model._meta.db_table} DROP COLUMN search_{language}"
        )
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION spanish_unaccent")


class PostgreSQL(Backend):
    @cached_property
    def tsquery(self):
        # websearch_to_tsquery takes anything: quotes, "or", "-word"…; stop words alone
        # match nothing.
        return SearchQuery(self.query, config=CONFIGS[self.language], search_type="websearch")

    def matches(self):
        document = StoredDocument(self.language)
        return self.articles.alias(document=document).filter(document=self.tsquery)

    def rank(self):
        return SearchRank(StoredDocument(self.language), self.tsquery)

    def newest_matches(self):
        # PostgreSQL finds them either from the GIN index, reading every match to keep
        # the newest (a rare word), or by walking the publication-date index until it
        # has enough (a common one), whichever its statistics say is cheaper.
        return (
            self.matches()
            .annotate(rank=self.rank())
            .order_by("-published_at", "-id")
            .values_list("pk", "rank")[:MAX_RESULTS]
        )

    def snippet(self):
        text = Concat(
            f"summary_{self.language}",
            models.Value("\n\n"),
            f"body_{self.language}",
            output_field=models.TextField(),
        )
        headline = SearchHeadline(
            Left(text, SNIPPET_SOURCE_LENGTH),
            self.tsquery,
            config=CONFIGS[self.language],
            start_sel=START,
            stop_sel=STOP,
            max_words=20,
            min_words=10,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        # Passages out of the text: an ellipsis either side, as SQLite's snippet() has.
        excerpt = Concat(
            models.Value("… "), headline, models.Value(" …"), output_field=models.TextField()
        )
        return models.ExpressionWrapper(excerpt, output_field=Snippet())


# SQLite

# The FTS5 table has, for each article (its rowid is the article's id), the title and the
# text (summary and body) in each language. The triggers keep it in step with the
# articles table however the articles change: admin, bulk updates, raw SQL.
SQLITE_TABLE = "articles_article_search"
SQLITE_COLUMNS = ["title_en", "text_en", "title_es", "text_es"]
SQLITE_CREATE_TABLE = """
    CREATE VIRTUAL TABLE articles_article_search USING fts5(
        title_en, text_en, title_es, text_es,
        tokenize = 'unicode61 remove_diacritics 2'
    )
"""
SQLITE_FILL_TABLE = """
    INSERT INTO articles_article_search (rowid, title_en, text_en, title_es, text_es)
    SELECT id, title_en,
        coalesce(summary_en, '') || char(10, 10) || coalesce(body_en, ''),
        title_es,
        coalesce(summary_es, '') || char(10, 10) || coalesce(body_es, '')
    FROM articles_article
"""
SQLITE_TRIGGERS = {
    "articles_article_search_insert": """
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
    "articles_article_search_update": """
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
    "articles_article_search_delete": """
        CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article
        BEGIN
            DELETE FROM articles_article_search WHERE rowid = old.id;
        END
    """,
}
SQLITE_TITLE_WEIGHT = 5.0


def create_sqlite_index(schema_editor):
    schema_editor.execute(SQLITE_CREATE_TABLE)
    schema_editor.execute(SQLITE_FILL_TABLE)
    for sql in SQLITE_TRIGGERS.values():
        schema_editor.execute(sql)


def drop_sqlite_index(schema_editor):
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE {SQLITE_TABLE}")


def restore_sqlite_triggers(using, **kwargs):
    """After `migrate` on SQLite, put back the triggers a migration may have dropped.

    Django alters an SQLite table by copying it to a new one and dropping the old, and the
    old one's triggers go with it: the search would stop seeing new and changed articles
    without a word. This makes the triggers again and refills the table from the articles.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name = %s OR tbl_name = %s",
            [SQLITE_TABLE, "articles_article"],
        )
        found = set(cursor.fetchall())
        if ("table", SQLITE_TABLE) not in found:
            return  # migrations before 0006: no full-text table yet
        missing = [name for name in SQLITE_TRIGGERS if ("trigger", name) not in found]
        if not missing:
            return
        with transaction.atomic(using=using):
            for name in missing:
                cursor.execute(SQLITE_TRIGGERS[name])
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
            cursor.execute(SQLITE_FILL_TABLE)


def fts5_query(language, query):
    """The reader's words as an FTS5 query on `language`'s columns, or None if there are none.

    A word is a run of letters and digits, written as a quoted string, so nothing the
    reader types is FTS5 syntax; the words are joined by spaces, which FTS5 reads as AND.
    Words of one or two letters ("de", "of") are left out when there are longer ones,
    much as PostgreSQL leaves out stop words. Words of four letters or more also match
    longer words they begin ("nino" finds "niños"): without a Spanish stemmer, this
    finds plurals.
    """
    words = re.findall(r"\w+", query)
    words = [word for word in words if len(word) > 2] or words
    if not words:
        return None
    strings = " ".join(f'"{word}"*' if len(word) >= 4 else f'"{word}"' for word in words)
    return f"{{title_{language} text_{language}}} : ({strings})"


class SQLite(Backend):
    @cached_property
    def match(self):
        return fts5_query(self.language, self.query)

    def newest_matches(self):
        """In SQL of its own, for the CROSS JOIN that makes SQLite read the index first.

        Left to choose, SQLite (without table statistics, as Django leaves it) walks
        every published article and asks the index about each: a second, for 5,000.
        """
        if self.match is None:
            return []
        published, params = self.articles.order_by().values("pk").query.sql_with_params()
        weights = ", ".join(
            str(SQLITE_TITLE_WEIGHT if column.startswith("title") else 1.0)
            for column in SQLITE_COLUMNS
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT article.id, -bm25(articles_article_search, {weights})
                FROM articles_article_search
                CROSS JOIN articles_article AS article
                    ON article.id = articles_article_search.rowid
                WHERE articles_article_search MATCH %s AND article.id IN ({published})
                ORDER BY article.published_at DESC, article.id DESC
                LIMIT %s
                """,
                [self.match, *params, MAX_RESULTS],
            )
            return cursor.fetchall()

    def snippet(self):
        return models.Func(
            models.F("search_entry__document"),
            models.Value(SQLITE_COLUMNS.index(f"text_{self.language}")),
            models.Value(START),
            models.Value(STOP),
            models.Value("…"),
            models.Value(32),
            function="snippet",
            output_field=Snippet(),
        )

    def page(self, ids):
        # snippet() needs the MATCH of the same query.
        return self.articles.filter(pk__in=ids, search_entry__document__match=self.match).annotate(
            snippet=self.snippet()
        )
