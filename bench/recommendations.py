"""Benchmark: one reader's recommendations beside the article page's own query.

    make bench                       # a private PostgreSQL 15, started and removed
    DATABASE_URL=postgres://... .venv/bin/python bench/recommendations.py [--keepdb]

Builds 20,000 articles in 30 topics, 10,000 readers, 200,000 favorites (readers keep
to two topics, with some noise) and 30,000 "Yes" answers in a throwaway database
(`test_<name>_recommendations`, created and dropped like the test runner's; --keepdb
keeps it and its data for the next run), then prints the median time to produce the
"Recommended for you" block for many different readers beside the median time of the
article page's query for the article and its topics, and of a whole article page for a
signed-in reader. PostgreSQL only: the data is made with generate_series.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")

import django

django.setup()

from _throwaway import throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Favorite, User  # noqa: E402
from articles.models import Article, Topic  # noqa: E402
from recommendations.engine import BLOCK_SIZE, recommendations_for  # noqa: E402
from recommendations.models import ArticleNeighbour, ArticlePopularity  # noqa: E402

ARTICLES = 20_000
TOPICS = 30
READERS = 10_000
FAVORITES = 200_000
YES_ANSWERS = 30_000
SAMPLES = 300  # readers (and articles) timed
TARGET_MEDIAN = 50  # milliseconds, for one reader's block
TARGET_WHOLE_PAGE = 15  # milliseconds, a signed-in reader's article page
PARAGRAPH = (
    "Researchers followed thousands of patients for several years and compared the "
    "outcomes of those who received the new treatment with those who did not. "
)


def build():
    """The data set, as fast as PostgreSQL makes it; returns the seconds it took."""
    started = time.perf_counter()
    now = timezone.now()
    rng = random.Random(7)
    topics = Topic.objects.bulk_create(
        Topic(
            name_en=f"Topic {n}",
            slug_en=f"topic-{n}",
            name_es=f"Tema {n}",
            slug_es=f"tema-{n}",
        )
        for n in range(TOPICS)
    )
    body = PARAGRAPH * 25  # about 4 kB: stored out of line (TOAST) like real articles
    for start in range(0, ARTICLES, 2000):
        Article.objects.bulk_create(
            Article(
                title_en=f"Study {n} finds something about topic {n % TOPICS}",
                slug_en=f"study-{n}",
                summary_en=f"What study {n} found.",
                body_en=body,
                # Six in ten have a Spanish version.
                **(
                    {
                        "title_es": f"El estudio {n} encuentra algo",
                        "slug_es": f"estudio-{n}",
                        "summary_es": f"Lo que encontró el estudio {n}.",
                        "body_es": body,
                    }
                    if n % 5 < 3
                    else {}
                ),
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(days=rng.uniform(0, 3 * 365)),
            )
            for n in range(start, min(start + 2000, ARTICLES))
        )
    User.objects.bulk_create(
        User(email=f"reader-{n}@example.org", password="!") for n in range(READERS)
    )
    first_topic = topics[0].pk
    with connection.cursor() as cursor:
        # Each article in its own topic and, for one in three, a second one.
        cursor.execute(
            """
            INSERT INTO articles_article_topics (article_id, topic_id)
            SELECT id, %(first)s + id %% %(topics)s FROM articles_article
            UNION
            SELECT id, %(first)s + (id * 7) %% %(topics)s FROM articles_article WHERE id %% 3 = 0
            """,
            {"first": first_topic, "topics": TOPICS},
        )
        # Readers keep to two topics (four saves in five), newer articles more often.
        cursor.execute(
            """
            CREATE TEMPORARY TABLE by_topic AS
            SELECT t.topic_id, array_agg(t.article_id ORDER BY a.published_at DESC) AS ids
            FROM articles_article_topics t JOIN articles_article a ON a.id = t.article_id
            GROUP BY t.topic_id;
            CREATE TEMPORARY TABLE everything AS
            SELECT array_agg(id ORDER BY published_at DESC) AS ids FROM articles_article;
            INSERT INTO accounts_favorite (user_id, article_id, created_at)
            SELECT user_id, article_id, now() - random() * interval '300 days'
            FROM (
                SELECT u.id AS user_id,
                    CASE WHEN random() < 0.8 THEN
                        b.ids[1 + floor(power(random(), 2) * cardinality(b.ids))::int]
                    ELSE e.ids[1 + floor(power(random(), 2) * cardinality(e.ids))::int]
                    END AS article_id
                FROM accounts_user u
                CROSS JOIN generate_series(1, %(picks)s) AS pick
                JOIN by_topic b ON b.topic_id = %(first)s
                    + (u.id * CASE WHEN pick %% 2 = 0 THEN 1 ELSE 11 END) %% %(topics)s
                CROSS JOIN everything e
            ) AS picks
            ON CONFLICT DO NOTHING;
            DELETE FROM accounts_favorite WHERE id IN (
                SELECT id FROM accounts_favorite ORDER BY id DESC
                OFFSET %(favorites)s
            );
            """,
            {
                "first": first_topic,
                "topics": TOPICS,
                "picks": FAVORITES // READERS + 3,
                "favorites": FAVORITES,
            },
        )
        # "Yes" answers, on articles the readers saved.
        cursor.execute(
            """
            INSERT INTO feedback_helpfulnessvote
                (article_id, user_id, helpful, language, comment, client, created_at, updated_at)
            SELECT article_id, user_id, true, 'en', '', '', created_at, created_at
            FROM accounts_favorite ORDER BY random() LIMIT %(answers)s
            """,
            {"answers": YES_ANSWERS},
        )
        # A third of the readers picked two topics of interest.
        cursor.execute(
            """
            INSERT INTO accounts_readerprofile (user_id, show_recommendations)
            SELECT id, true FROM accounts_user WHERE id %% 3 = 0;
            INSERT INTO accounts_readerprofile_interests (readerprofile_id, topic_id)
            SELECT user_id, %(first)s + user_id %% %(topics)s FROM accounts_readerprofile
            UNION
            SELECT user_id, %(first)s + (user_id * 11) %% %(topics)s FROM accounts_readerprofile;
            """,
            {"first": first_topic, "topics": TOPICS},
        )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def rebuild():
    started = time.perf_counter()
    ArticlePopularity.objects.rebuild()
    ArticleNeighbour.objects.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def block(reader, article):
    """What {% recommendations_for article %} does for a signed-in reader."""
    return recommendations_for(reader, "en", BLOCK_SIZE, exclude=article) or []


def article_query(slug):
    """The article page's own queries: the article and its topics."""
    article = Article.objects.published_in("en").filter(slug_en=slug).first()
    return list(article.topics.all())


def main():
    with throwaway_database("recommendations"):
        if not Article.objects.exists():
            print(f"Data: built in {build():.1f} s", flush=True)
        print(f"Neighbours and popularity: rebuilt in {rebuild():.1f} s", flush=True)
        print(
            f"{Article.objects.count():,} articles, {User.objects.count():,} readers, "
            f"{Favorite.objects.count():,} favorites, "
            f"{ArticleNeighbour.objects.count():,} neighbour rows"
        )
        rng = random.Random(11)
        readers = list(User.objects.order_by("?")[:SAMPLES])
        articles = list(Article.objects.published().order_by("?")[:SAMPLES])
        for reader, article in zip(readers[:20], articles[:20], strict=True):  # warm up
            block(reader, article)
            article_query(article.slug_en)
        recommendations, pages, shown = [], [], []
        # A signed-in reader's whole article page, three ways: their first page (ranked;
        # the page not stored), their next page (another article, not stored: everything
        # rendered but the ranking and its block, kept), and a stored page (one someone
        # without a session read before: what most reads are).
        whole_pages = {"first page": [], "next page": [], "stored page": []}
        client, anonymous = Client(), Client()
        others = Article.objects.published().exclude(pk__in=[a.pk for a in articles])
        others = list(others.only("slug_en"))
        others = rng.sample(others, 2 * len(articles))
        with override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ):
            for index, (reader, article) in enumerate(zip(readers, articles, strict=True)):
                result = []
                recommendations.append(timed(lambda: result.extend(block(reader, article))))  # noqa: B023
                shown.append(len(result))
                pages.append(timed(lambda: article_query(article.slug_en)))  # noqa: B023
                client.force_login(reader)
                unstored, stored = others[2 * index], others[2 * index + 1]
                anonymous.get(f"/en/news/{stored.slug_en}/")
                read = (article, unstored, stored)
                for label, page_article in zip(whole_pages, read, strict=True):
                    path = f"/en/news/{page_article.slug_en}/"
                    whole_pages[label].append(timed(lambda: client.get(path)))  # noqa: B023
        with CaptureQueriesContext(connection) as queries:
            block(rng.choice(readers), rng.choice(articles))
        median = statistics.median(recommendations)
        page = statistics.median(pages)
        print(
            f"Recommendations (block of {BLOCK_SIZE}, {len(queries)} queries), "
            f"{len(readers)} readers: median {median:.1f} ms, "
            f"90th percentile {statistics.quantiles(recommendations, n=10)[-1]:.1f} ms; "
            f"{min(shown)} to {max(shown)} shown"
        )
        print(f"Article page query (article and topics): median {page:.1f} ms")
        print(f"Ratio: {median / page:.1f}x")
        print("Whole article page, signed-in reader (test client), median:")
        for label, times in whole_pages.items():
            median_page = statistics.median(times)
            verdict = "✓" if median_page < TARGET_WHOLE_PAGE else "✗"
            target = f"target under {TARGET_WHOLE_PAGE} ms {verdict}"
            print(f"  {label:<12} {median_page:6.1f} ms  ({target})")
        met = median < TARGET_MEDIAN
        print(f"Target: median under {TARGET_MEDIAN} ms: " + ("met ✓" if met else "missed ✗"))
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
