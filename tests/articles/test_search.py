"""Search: /en/search/?q= and /es/buscar/?q=, on whichever database the suite runs on."""

import importlib
import re
from datetime import timedelta

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
ON_SQLITE = connection.vendor == "sqlite"

# What readers may type, and what people probing the site do: none of it is an error.
ODD_QUERIES = [
    '"',
    '""',
    "'",
    '"unbalanced',
    "unbalanced'",
    "(",
    ")",
    "(()",
    "*",
    "cancer*",
    "*cancer",
    ":",
    "title_en:cancer",
    "{title_es text_es}: cancer",
    "&",
    "|",
    "!",
    "&|!",
    "cancer & | ! mama",
    "!cancer",
    "\\",
    "cancer\\",
    "\\\\\\",
    "\x00",
    "can\x00cer",
    "\x01\x02\x1b[31m",
    "🙂",
    "🧬 cancer 👩‍⚕️",
    "NEAR(",
    "NEAR(cancer mama, 2)",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "cancer AND",
    "OR cancer",
    "NOT cancer",
    "-",
    "--",
    "-cancer",
    "cancer -",
    "^cancer",
    "cancer:*",
    "%",
    "_",
    "___",
    "%_%",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    "&lt;b&gt;",
    "\u202ecancer",
    "\ufeff",
    "ﬁbre",
    "ß İ \u0131",
    "the of and",
    "de la y",
    "x" * 300,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 4,
]


def results(client, language, query, **params):
    path = "/en/search/" if language == "en" else "/es/buscar/"
    response = client.get(path, {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    """The titles of the results, in order."""
    return re.findall(r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', response.text)


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_it_finds_an_article_by_its_title_summary_or_body_in_english(client, make_article, field):
    article = make_article(**{f"{field}_en": "Tamoxifen after breast surgery"})
    make_article()
    assert titles(results(client, "en", "tamoxifen")) == [article.title_en]


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_it_finds_an_article_by_its_title_summary_or_body_in_spanish(client, make_article, field):
    article = make_article(**{f"{field}_es": "El tamoxifeno después de la cirugía"})
    make_article()
    assert titles(results(client, "es", "tamoxifeno")) == [article.title_es]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("cancer de mama", "Un estudio sobre el cáncer de mama en mujeres jóvenes"),
        ("nino", "Un ensayo en un niño de cinco años"),
        ("ninos", "Un ensayo con niños pequeños"),
        ("vacunacion", "La vacunación contra el sarampión"),
        ("CÁNCER", "el cancer de piel"),
    ],
)
def test_spanish_search_ignores_accents(client, make_article, query, text):
    article = make_article(title_es="Un artículo", body_es=text)
    assert titles(results(client, "es", query)) == [article.title_es]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's Spanish stemmer")
@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("cánceres", "Un estudio sobre el cáncer de piel"),
        ("cáncer", "Dos cánceres de piel"),
        ("mujer", "Un ensayo con mujeres jóvenes"),
        ("mujeres", "Una mujer de cincuenta años"),
        ('"cánceres de piel"', "El cáncer de piel en verano"),
        ("azucares", "Menos azúcar en la dieta"),
    ],
)
def test_spanish_search_finds_the_singular_and_the_plural(client, make_article, query, text):
    """Snowball stems "cáncer" to canc but "cánceres" to cancer: both must find both."""
    article = make_article(body_es=text)
    assert titles(results(client, "es", query)) == [article.title_es]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's Spanish stemmer")
def test_leaving_out_a_spanish_word_leaves_out_its_plural_too(client, make_article):
    make_article(body_es="Un estudio sobre el cáncer de piel")
    make_article(body_es="Dos cánceres de piel")
    kept = make_article(body_es="Un estudio sobre la piel")
    assert titles(results(client, "es", "piel -cáncer")) == [kept.title_es]


@pytest.mark.parametrize("query", ["herceptin", "HERCEPTIN", "Herceptin", "her2"])
def test_english_search_ignores_case(client, make_article, query):
    article = make_article(title_en="Could Herceptin help HER2-negative cancers?")
    assert titles(results(client, "en", query)) == [article.title_en]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"published_at": timezone.now() + timedelta(days=1)},  # scheduled
    ],
    ids=["draft", "in review", "archived", "scheduled"],
)
def test_it_never_shows_what_readers_may_not_see(client, make_article, fields):
    make_article(title_en="Tamoxifen news", title_es="Noticias del tamoxifeno", **fields)
    assert titles(results(client, "en", "tamoxifen")) == []
    assert titles(results(client, "es", "tamoxifeno")) == []


def test_spanish_results_leave_out_articles_without_a_spanish_page(client, make_article):
    make_article(spanish=False, title_en="Tamoxifen in English only")
    spanish = make_article(title_en="Tamoxifen", title_es="Tamoxifen y mama")
    assert titles(results(client, "es", "tamoxifen")) == [spanish.title_es]


def test_it_searches_the_readers_language_only(client, make_article):
    make_article(title_en="Breast screening", body_es="Un estudio sobre la mamografía")
    assert titles(results(client, "en", "mamografía")) == []
    assert titles(results(client, "es", "screening")) == []


def test_a_title_match_ranks_above_a_body_match(client, make_article):
    older = timezone.now() - timedelta(days=30)
    in_title = make_article(title_en="Statins and the heart", published_at=older)
    in_body = make_article(body_en="Some patients took statins for a year.")
    assert titles(results(client, "en", "statins")) == [in_title.title_en, in_body.title_en]


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_result_links_its_topics_in_the_readers_language(
    client, make_article, make_topic, language
):
    prevention = make_topic(name_en="Prevention", name_es="Prevención", slug_es="prevencion")
    english_only = make_topic(spanish=False, name_en="Screening")
    make_article(title_en="Tamoxifen", title_es="Tamoxifeno", topics=[prevention, english_only])
    response = results(client, language, {"en": "tamoxifen", "es": "tamoxifeno"}[language])
    chips = re.findall(r'<a class="topic" href="([^"]*)">([^<]*)</a>', response.text)
    if language == "en":
        assert chips == [
            (prevention.url_in("en"), "Prevention"),
            (english_only.url_in("en"), "Screening"),
        ]
    else:
        assert chips == [("/es/temas/prevencion/", "Prevención")]


def test_the_snippet_highlights_the_words_found(client, make_article):
    make_article(body_en="Researchers gave *tamoxifen* to [women](https://example.org) at risk.")
    response = results(client, "en", "tamoxifen women")
    assert "<mark>tamoxifen</mark>" in response.text
    assert "<mark>women</mark>" in response.text
    # The snippet is text: the Markdown's marks and addresses are left out.
    assert "*" not in snippets(response)[0]
    assert "example.org" not in snippets(response)[0]


def snippets(response):
    return re.findall(r'<p class="card__summary">(.*?)</p>', response.text, re.S)


def test_the_snippet_escapes_the_articles_text(client, make_article):
    make_article(
        body_en='Tamoxifen & "more": <img src=x onerror=alert(1)> tamoxifen '
        "<script>alert(2)</script> tamoxifen again."
    )
    response = results(client, "en", "tamoxifen")
    [snippet] = snippets(response)
    assert "<mark>tamoxifen</mark>" in snippet
    assert "<img" not in snippet and "<script" not in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "</mark> &amp; &quot;more&quot;" in snippet


def test_the_query_is_shown_escaped(client, make_article):
    make_article(title_en="Tamoxifen")
    for query in ['tamoxifen <b onmouseover="x">', '<script>alert("q")</script>']:
        response = results(client, "en", query)
        assert "<b onmouseover" not in response.text
        assert "<script>alert(" not in response.text
        assert "&lt;" in response.text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_get_an_answer_never_an_error(client, make_article, language, query):
    make_article(title_en="Breast cancer", title_es="Cáncer de mama")
    response = results(client, language, query)
    assert "<main" in response.text


def test_undecodable_bytes_in_the_address_get_an_answer(client, make_article):
    make_article(title_en="Cancer news")
    assert client.get("/en/search/?q=%ED%A0%80%FF%FE%00cancer").status_code == 200


def test_an_enormous_query_is_shortened(client, make_article):
    make_article(title_en="Tamoxifen")
    response = results(client, "en", "tamoxifen " * 1000)
    [value] = re.findall(r'id="search-q" type="search" name="q" value="([^"]*)"', response.text)
    assert len(value) <= search.MAX_QUERY_LENGTH
    assert value.startswith("tamoxifen tamoxifen")


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_invites_one_and_lists_the_topics(client, make_topic, query):
    topic = make_topic(name_es="Prevención")
    response = results(client, "es", query)
    text = visible_text(response.text, "es")
    assert "Escriba una o dos palabras" in text
    assert f'href="/es/temas/{topic.slug_es}/"' in response.text
    assert "coinciden" not in text


def test_no_results_says_so_with_the_query(client, make_article):
    make_article()
    text = visible_text(results(client, "es", "xilófono").text, "es")
    assert "Ningún artículo coincide con “xilófono”." in text
    assert "Revise la ortografía" in text


def test_the_results_say_how_many_were_found(client, make_article):
    for n in range(3):
        make_article(title_en=f"Tamoxifen {n}", title_es=f"Tamoxifeno {n}")
    assert "3 articles match “tamoxifen”" in visible_text(
        results(client, "en", "tamoxifen").text, "en"
    )
    assert "3 artículos coinciden con “tamoxifeno”" in visible_text(
        results(client, "es", "tamoxifeno").text, "es"
    )


def test_pages_of_results_keep_the_query(client, make_article):
    for n in range(25):
        make_article(title_en=f"Breast cancer & screening {n}")
    response = results(client, "en", "cancer & screening")
    assert len(titles(response)) == 10
    assert 'href="?q=cancer%20%26%20screening&amp;page=2"' in response.text
    last = results(client, "en", "cancer & screening", page="3")
    assert len(titles(last)) == 5
    assert 'href="?q=cancer%20%26%20screening&amp;page=2"' in last.text
    # A page that does not exist gives the nearest one.
    assert titles(results(client, "en", "cancer & screening", page="99")) == titles(last)
    assert titles(results(client, "en", "cancer & screening", page="x")) == titles(response)


def test_only_the_most_recent_matches_of_a_common_word_are_ranked(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    old = make_article(title_en="Tamoxifen", published_at=timezone.now() - timedelta(days=99))
    for n in range(4):
        make_article(body_en=f"Tamoxifen {n}.", published_at=timezone.now() - timedelta(hours=n))
    response = results(client, "en", "tamoxifen")
    assert old.title_en not in titles(response)
    assert len(titles(response)) == 3
    assert "At least 3 articles match “tamoxifen”" in visible_text(response.text, "en")


def test_search_pages_are_not_indexed_by_search_engines(client):
    assert '<meta name="robots" content="noindex">' in results(client, "en", "cancer").text
    assert '<meta name="robots" content="noindex">' in results(client, "es", "").text


def test_the_language_switch_keeps_the_search(client):
    response = results(client, "en", "breast cancer")
    assert 'href="/es/buscar/?q=breast+cancer" hreflang="es"' in response.text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_search_box_is_on_every_page(client, make_article, language):
    article = make_article()
    sign_in = "/en/accounts/sign-in/" if language == "en" else "/es/cuenta/entrar/"
    placeholder = {"en": "Search the news", "es": "Buscar en las noticias"}[language]
    box = f'<label class="site-search__label" for="site-search-q">{placeholder}</label>'
    action = {"en": 'action="/en/search/"', "es": 'action="/es/buscar/"'}[language]
    paths = [f"/{language}/", article.url_in(language).rsplit("/", 2)[0] + "/"]
    paths += [article.url_in(language), sign_in]
    for path in paths:
        html = client.get(path).text
        assert box in html, path
        assert (
            f'<form class="site-search site-search--header" role="search" method="get" {action}>'
        ) in html, path
        assert 'name="q"' in html, path
        assert f'placeholder="{placeholder}"' in html, path


def test_articles_are_found_after_edits_and_not_after_deletion(client, make_article):
    article = make_article(title_en="Tamoxifen")
    article.title_en = "Anastrozole"
    article.save()
    assert titles(results(client, "en", "tamoxifen")) == []
    assert titles(results(client, "en", "anastrozole")) == ["Anastrozole"]
    Article.objects.filter(pk=article.pk).update(body_es="Un ensayo del letrozol.")
    assert len(titles(results(client, "es", "letrozol"))) == 1
    article.delete()
    assert titles(results(client, "en", "anastrozole")) == []


@pytest.fixture
def many(make_article, make_topic):
    def many(n_articles, n_topics):
        topics = [make_topic() for _ in range(n_topics)]
        for n in range(n_articles):
            make_article(topics=topics, title_en=f"Cancer study {n}", title_es=f"Cáncer {n}")

    return many


@pytest.mark.parametrize("size", [(3, 1), (30, 8)], ids=["small", "large"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_search_page_query_counts(client, many, django_assert_num_queries, size, language):
    many(*size)
    # PostgreSQL: the ranked ids (the matches of the last few weeks, then older ones, as
    # there are fewer than MAX_RESULTS), the page's articles with their topics.
    # SQLite: the ranked ids, the page's articles, their topics. And the footer's pages.
    with django_assert_num_queries(4):
        assert len(titles(results(client, language, "cancer"))) == min(size[0], 10)
    # No results: the ids only; no query: the topics. And the footer's pages.
    with django_assert_num_queries(3 if ON_POSTGRESQL else 2):
        results(client, language, "xylophone")
    with django_assert_num_queries(2):
        results(client, language, "")


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's full-text table")
def test_the_sqlite_test_database_has_the_full_text_table_and_its_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name LIKE 'articles_article_search%'"
        )
        found = set(cursor.fetchall())
    assert ("table", "articles_article_search") in found
    assert {("trigger", name) for name in search.SQLITE_TRIGGERS} <= found


def test_the_triggers_put_back_after_a_migration_are_those_migration_0006_made():
    migration = importlib.import_module("articles.migrations.0006_sqlite_full_text_search")
    made = {" ".join(sql.split()) for sql in migration.FORWARDS}
    put_back = [search.SQLITE_FILL_TABLE, *search.SQLITE_TRIGGERS.values()]
    assert {" ".join(sql.split()) for sql in put_back} <= made


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite rebuilds a table to alter it")
@pytest.mark.django_db(transaction=True)
def test_search_survives_a_migration_that_rebuilds_the_articles_table(client, make_article):
    make_article(title_en="Tamoxifen")
    field = Article._meta.get_field("journal")
    longer = field.clone()
    longer.set_attributes_from_name("journal")
    longer.max_length = 250
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Article, field, longer)
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        make_article(title_en="Tamoxifen again")
        assert sorted(titles(results(client, "en", "tamoxifen"))) == [
            "Tamoxifen",
            "Tamoxifen again",
        ]
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Article, longer, field)
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's spans of weeks")
@pytest.mark.parametrize("kept", [1, 3, 6, 10, 13, 20])
def test_the_most_recent_matches_are_found_however_far_apart(make_article, monkeypatch, kept):
    """PostgreSQL looks a few weeks at a time; no week is skipped, none is looked in twice.

    A match every week for ten weeks, so that a week skipped or searched twice loses or
    repeats one, then matches months and years apart, which only the longer spans and the
    last search of everything older reach.
    """
    monkeypatch.setattr(search, "MAX_RESULTS", kept)
    days_ago = [7 * week for week in range(10)] + [100, 400, 1500, 3000]
    matches = []
    for days in days_ago:
        matches.append(
            make_article(
                title_en=f"Tamoxifen, {days} days ago",
                published_at=timezone.now() - timedelta(days=days, minutes=1),
            ).pk
        )
        make_article(published_at=timezone.now() - timedelta(days=days))  # no match
    found = search.search("en", "tamoxifen").ids
    assert sorted(found) == sorted(matches[:kept])


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's plan")
@pytest.mark.parametrize("language", ["en", "es"])
def test_postgresql_finds_a_weeks_matches_through_the_gin_index(make_article, language):
    """The index gives the matches of the weeks searched: words and week are in it.

    (`make bench` shows what it saves, on 50,000 articles.)
    """
    make_article(title_en="Tamoxifen", title_es="Tamoxifeno")
    word = {"en": "tamoxifen", "es": "tamoxifeno"}[language]
    articles = Article.objects.published().in_language(language)
    with CaptureQueriesContext(connection) as queries:
        search.PostgreSQL(articles, language, word).newest_matches()
    these_weeks = queries[0]["sql"]
    assert "published_week @@" in these_weeks
    with connection.cursor() as cursor:
        # On a handful of rows, reading them all or another index would be cheaper:
        # those are dropped until the test's transaction is rolled back.
        cursor.execute("SET LOCAL enable_seqscan = off")
        other = "es" if language == "en" else "en"
        cursor.execute(f"DROP INDEX article_status_published_idx, article_search_{other}_idx")
        cursor.execute(f"EXPLAIN (COSTS OFF) {these_weeks}")
        plan = [row[0].strip() for row in cursor.fetchall()]
    scan = plan.index(f"->  Bitmap Index Scan on article_search_{language}_idx")
    assert f"(search_{language} @@" in plan[scan + 1]
    assert "(published_week @@" in plan[scan + 1]
