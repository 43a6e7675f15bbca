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
recent matches are ranked (see `search`), and PostgreSQL finds those a few weeks at a
time (see `PostgreSQL.newest_matches`).
"""

import math
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from operator import itemgetter

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article, Topic

MAX_QUERY_LENGTH = 200
MAX_REWRITES = 10  # Spanish singulars and plurals (see `PostgreSQL.tsquery`)
# A word found in thousands of articles ("cancer") is searched among its MAX_RESULTS
# most recent ones, twenty pages of results, rather than reading and ranking every
# match. The search's work grows with this number: on PostgreSQL (`make bench`, side by
# side), ranking 500 took half as long again as 200.
MAX_RESULTS = 200
# PostgreSQL looks for them in spans of weeks, newest first (see `newest_matches`): at
# most SPANS spans, none longer than LONGEST_SPAN weeks (three years); then all older
# articles at once.
SPANS = 3
FIRST_SPAN = 4  # this week and the three before: three weeks' worth of articles at least
LONGEST_SPAN = 156
WEEK = 7 * 24 * 60 * 60  # seconds
# Snippets are taken from the start of the text (summary and body: about 150 words), as
# finding the passage means parsing all of it, and costs more than its length: out of
# 2,000 characters they took more than twice as long as out of 1,000 on PostgreSQL.
# Out of 600 they would cost little less, but miss more matches: the Spanish stemmer makes
# "cánceres" something else than "cáncer", which may first come after a paragraph.
SNIPPET_SOURCE_LENGTH = 1000
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


def search(language, query, people_only=False):
    """The published articles in `language` that match `query`, best first.

    The matches are found and ranked first, as a list of ids; the articles and their
    snippets are fetched a page at a time (see Results). When there are more than
    MAX_RESULTS matches, the MAX_RESULTS most recent are the ones ranked.
    """
    articles = Article.objects.published().in_language(language)
    if people_only:
        articles = articles.research_in_people()
    backend = PostgreSQL if connection.vendor == "postgresql" else SQLite
    return backend(articles, language, clean_query(query)).results()


class Results:
    """Search results as Django's paginator pages them: ids, best first, and a length.

    A slice fetches its articles in one query (see Backend.page).
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
    rank for a better match; `with_snippets(ids)` those articles, each with `.snippet`,
    a passage of its text as the database gives it, the matches between START and STOP,
    and `.topic_list`, its topics in the language.
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
        """The articles `ids` as a result shows them: `.url` in the language and
        `.snippet` as HTML, its matches in `<mark>`."""
        articles = self.with_snippets(ids)
        for article in articles:
            article.url = article.url_in(self.language)
            article.snippet = highlighted(article.snippet or "")
        return articles


def highlighted(snippet):
    """A snippet from the database as safe HTML: plain text, the matches in `<mark>`."""
    text = MARKDOWN_SYNTAX.sub("", MARKDOWN_LINK.sub(r"\1", snippet))
    html = MARKED.sub(r"<mark>\1</mark>", escape(" ".join(text.split())))
    return mark_safe(html.replace(START, "").replace(STOP, ""))


# PostgreSQL

# Migration 0005 stores each article's words in the columns `search_en` and `search_es`,
# weighted title A, summary B, body C under these configurations, which the Article model
# does not declare (SQLite could not make them); 0007 adds `published_week`, the whole
# weeks since 1970 (WEEK seconds each) of `published_at`. A change to them is a new
# migration with its own SQL.


def week_of(moment):
    """Whole weeks since 1970, as migration 0007 stores them in `published_week`."""
    return int(moment.timestamp() // WEEK)


def week_start(week):
    return datetime.fromtimestamp(week * WEEK, UTC)


def where_clause(queryset):
    """The WHERE clause of a query of one table, as SQL and params, the table unaliased."""
    query = queryset.query
    return query.get_compiler(connection=connection).compile(query.where)


def spanish_singulars_and_plurals(query):
    """(word, singular, plural) for each word of `query` in -ar, -er, -ir or their plural."""
    pairs = []
    for word in sorted(set(re.findall(r"[^\W\d_]{4,}", query.lower()))):
        bare = "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii())
        if re.search(r"[aei]r$", bare):
            pairs.append((word, word, word + "es"))
        elif re.search(r"..[aei]res$", bare):
            pairs.append((word, word[:-2], word))
    return pairs[:MAX_REWRITES]


# What a result shows of its topics: their names and addresses in both languages.
TOPIC_FIELDS = [
    "id",
    *(f"{field}_{code}" for field in Topic.page_fields for code, _name in settings.LANGUAGES),
]


class PostgreSQL(Backend):
    def newest_matches(self):
        """(id, rank) of the MAX_RESULTS most recent matches, newest first.

        They are looked for a span of weeks at a time, newest first: the GIN index has
        each article's week beside its words (migration 0007), so it gives only the
        matches of those weeks, and the articles table is read for about as many
        matches as are kept, whether the words are in ten articles or in thousands.
        How many matches the spans so far have found tells how many weeks the rest will
        likely take. After SPANS spans, or when the rest would take more than
        LONGEST_SPAN weeks (a rare word), one last search takes every older match.
        """
        now = timezone.now()
        # `end`: the newest week of the next span.
        found, end, span = [], week_of(now), FIRST_SPAN
        for _ in range(SPANS):
            found += self.matches_in(range(end - span + 1, end + 1), MAX_RESULTS - len(found))
            end -= span
            if len(found) == MAX_RESULTS:
                return found
            if not found:
                break
            # Half as many weeks again as the rate so far says: each search costs about
            # as much as reading 500 more matches, so better too long than too short.
            searched = (now - week_start(end + 1)) / timedelta(weeks=1)
            span = math.ceil(1.5 * (MAX_RESULTS - len(found)) * searched / len(found))
            if span > LONGEST_SPAN:
                break
        return found + self.matches_before(week_start(end + 1), MAX_RESULTS - len(found))

    def matches_in(self, weeks, limit):
        """The `limit` newest matches published in `weeks` (see week_of)."""
        any_of = " | ".join(f"'{week}'" for week in weeks)
        return self.newest("published_week @@ %s::tsquery", [any_of], limit)

    def matches_before(self, moment, limit):
        return self.newest("published_at < %s", [moment], limit)

    def newest(self, condition, params, limit):
        """(id, rank) of the `limit` newest matches that meet `condition`, newest first.

        The rank is worked out in the outer query, for those matches only: in the inner
        one, PostgreSQL would rank every match before keeping the newest.
        """
        table = Article._meta.db_table
        document = f"search_{self.language}"
        tsquery, words = self.tsquery
        where, where_params = self.conditions
        sql = f"""
            SELECT id, ts_rank(document, {tsquery}) FROM (
                SELECT id, published_at, {document} AS document FROM {table}
                WHERE {where} AND {document} @@ {tsquery} AND {condition}
                ORDER BY published_at DESC, id DESC
                LIMIT %s
            ) AS newest
            ORDER BY published_at DESC, id DESC
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*words, *where_params, *words, *params, limit])
            return cursor.fetchall()

    @cached_property
    def conditions(self):
        """The WHERE clause of `articles` (published, in the language), as SQL and params."""
        return where_clause(self.articles)

    @cached_property
    def tsquery(self):
        """The reader's words as a tsquery, in SQL and params.

        websearch_to_tsquery takes anything: quotes, "or", "-word"…; stop words alone
        match nothing. In Spanish, a word in -ar, -er or -ir and its plural in -es find
        each other: Snowball's Spanish stemmer takes the singular for a verb, and stems
        "cáncer" to canc but "cánceres" to cancer, "mujer" to muj but "mujeres" to mujer.
        """
        config = CONFIGS[self.language]
        sql, params = "websearch_to_tsquery(%s::regconfig, %s)", [config, self.query]
        if self.language == "es":
            words = "plainto_tsquery(%s::regconfig, %s)"
            for typed, singular, plural in spanish_singulars_and_plurals(self.query):
                sql = f"ts_rewrite({sql}, {words}, {words} || {words})"
                params += [config, typed, config, singular, config, plural]
        return sql, params

    def with_snippets(self, ids):
        """In SQL of its own, with what a result shows and no more, topics included: Django
        would take longer to build these queries than PostgreSQL takes to run them."""
        language = self.language
        tsquery, words = self.tsquery
        where, where_params = self.conditions
        topic_where, topic_params = where_clause(Topic.objects.in_language(language))
        topics, links = Topic._meta.db_table, Article.topics.through._meta.db_table
        topic_columns = ", ".join(f"{topics}.{field}" for field in TOPIC_FIELDS)
        sql = f"""
            SELECT id, title_{language}, slug_{language}, published_at, kind, research_stage,
                last_noted_at,
                '… ' || ts_headline(
                    %s::regconfig,
                    left(concat_ws(E'\\n\\n', summary_{language}, body_{language}), %s),
                    {tsquery},
                    %s
                ) || ' …' AS snippet,
                (
                    SELECT json_agg(json_build_array({topic_columns}) ORDER BY name_{language})
                    FROM {topics} JOIN {links} ON topic_id = {topics}.id
                    WHERE article_id = {Article._meta.db_table}.id AND {topic_where}
                ) AS topic_rows
            FROM {Article._meta.db_table}
            WHERE {where} AND id = ANY(%s)
        """
        config = CONFIGS[language]
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxWords=20, MinWords=10, "
            "MaxFragments=2, FragmentDelimiter=' … '"
        )
        params = [config, SNIPPET_SOURCE_LENGTH, *words, options]
        articles = list(
            Article.objects.raw(sql, [*params, *topic_params, *where_params, list(ids)])
        )
        for article in articles:
            article.topic_list = [
                Topic.from_db(connection.alias, TOPIC_FIELDS, row)
                for row in article.topic_rows or []
            ]
        return articles


# SQLite

# The FTS5 table has, for each article (its rowid is the article's id), the title and the
# text (summary and body) in each language. The triggers keep it in step with the
# articles table however the articles change: admin, bulk updates, raw SQL. Migration
# 0006 made them; these are copies, to put them back (see restore_sqlite_triggers), and
# tests/articles/test_search.py checks that they are the migration's.
SQLITE_TABLE = "articles_article_search"
SQLITE_COLUMNS = ["title_en", "text_en", "title_es", "text_es"]
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
        every published article and asks the index about each, however few match.
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

    def with_snippets(self, ids):
        snippet = models.Func(
            models.F("search_entry__document"),
            models.Value(SQLITE_COLUMNS.index(f"text_{self.language}")),
            models.Value(START),
            models.Value(STOP),
            models.Value("…"),
            models.Value(32),
            function="snippet",
            output_field=models.TextField(),
        )
        # snippet() needs the MATCH of the same query.
        matches = self.articles.filter(pk__in=ids, search_entry__document__match=self.match)
        topics = Prefetch("topics", Topic.objects.in_language(self.language), "topic_list")
        return list(matches.annotate(snippet=snippet).prefetch_related(topics))
