"""Offline quality of the recommendations, on synthetic readers with known tastes.

    python manage.py evaluate_recommendations [--readers 300] [--articles 400] [--seed 1]

Everything happens in a throwaway database, created, migrated and dropped like the test
runner's (in memory on SQLite, `evaluate_recommendations_<process id>` on PostgreSQL):
the real database is never read or written. See docs/design.md, "Recommendations".
"""

import os
import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from accounts.models import Favorite, ReaderProfile, User
from articles.models import Article, Topic
from feedback.models import HelpfulnessVote
from recommendations.engine import most_popular, recommendations_for
from recommendations.models import ArticleNeighbour, ArticlePopularity

K = 10


@dataclass
class Scores:
    hit_rate: float  # share of readers with a hidden save in their top K
    recall: float  # share of hidden saves found in the readers' top K


class Command(BaseCommand):
    help = (
        "Generate synthetic readers with topic preferences plus noise, hide each reader's "
        "latest saves, and print hit rate@10 and recall@10 of the recommendations beside "
        "a time-decayed popularity baseline. Runs in a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=400)
        parser.add_argument("--topics", type=int, default=12)
        parser.add_argument("--readers", type=int, default=300)
        parser.add_argument("--hide", type=int, default=1, help="latest saves hidden per reader")
        parser.add_argument("--seed", type=int, default=1, help="of the random generator")

    def handle(self, *args, **options):
        with throwaway_database():
            data = generate(
                random.Random(options["seed"]),
                articles=options["articles"],
                topics=options["topics"],
                readers=options["readers"],
            )
            hidden = hide_latest_saves(options["hide"])
            engine, baseline = evaluate(hidden)
        self.stdout.write(
            f"{data}; hid each reader's latest {options['hide']} save(s) "
            f"({len(hidden)} readers evaluated), seed {options['seed']}.\n"
            f"{'':24}hit rate@{K}  recall@{K}\n"
            f"{'Recommendations':24}{engine.hit_rate:>11.3f}  {engine.recall:>9.3f}\n"
            f"{'Popularity with decay':24}{baseline.hit_rate:>11.3f}  {baseline.recall:>9.3f}\n"
            f"Hit rate: {engine.hit_rate / max(baseline.hit_rate, 1e-9):.2f} times the baseline's."
        )


@contextmanager
def throwaway_database():
    """A new, migrated, empty database for the duration, dropped afterwards: in memory
    on SQLite, `evaluate_recommendations_<process id>` on PostgreSQL (a name of its own,
    so that it never replaces the database of a test run)."""
    old_name = connection.settings_dict["NAME"]
    name = (
        ":memory:" if connection.vendor == "sqlite" else f"evaluate_recommendations_{os.getpid()}"
    )
    connection.settings_dict["TEST"] = connection.settings_dict.get("TEST", {}) | {"NAME": name}
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def generate(rng, articles, topics, readers, days=120):
    """Articles in topics, and readers who keep to two topics with some noise.

    Within a topic, articles fall into three groups (say, one treatment each); a reader
    prefers one group of each of their topics, so what readers save together says more
    than the topic alone. Readers save newer and more appealing articles more often,
    answer "Yes" to some of them, and four in ten picked a topic at sign-up.
    """
    now = timezone.now()
    topic_rows = Topic.objects.bulk_create(
        Topic(name_en=f"Topic {n}", slug_en=f"synthetic-topic-{n}") for n in range(topics)
    )
    article_rows = Article.objects.bulk_create(
        Article(
            title_en=f"Synthetic study {n}",
            slug_en=f"synthetic-study-{n}",
            summary_en="A synthetic article.",
            body_en="A synthetic article.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=rng.uniform(0, days)),
        )
        for n in range(articles)
    )
    in_topic = {topic.pk: [] for topic in topic_rows}
    links = []
    for article in article_rows:
        article.group = rng.randrange(3)
        article.appeal = rng.lognormvariate(0, 0.8)
        article.topic_ids = [
            topic.pk for topic in rng.sample(topic_rows, 1 if rng.random() < 0.7 else 2)
        ]
        for topic in article.topic_ids:
            in_topic[topic].append(article)
            links.append(Article.topics.through(article=article, topic_id=topic))
    Article.topics.through.objects.bulk_create(links)

    users = User.objects.bulk_create(
        User(email=f"synthetic-{n}@example.org", password="!") for n in range(readers)
    )
    favorites, votes, profiles = [], [], []
    for user in users:
        tastes = {topic.pk: rng.randrange(3) for topic in rng.sample(topic_rows, 2)}
        if rng.random() < 0.4:
            profiles.append((user, next(iter(tastes))))
        saved = set()
        times = sorted(now - timedelta(days=rng.uniform(0, 90)) for _ in range(rng.randint(4, 16)))
        for when in times:
            if rng.random() < 0.8:
                pool = [a for topic in tastes for a in in_topic[topic] if a.published_at <= when]
            else:
                pool = [a for a in article_rows if a.published_at <= when]
            pool = [a for a in pool if a.pk not in saved]
            if not pool:
                continue
            weights = [
                a.appeal
                * (3 if any(tastes.get(topic) == a.group for topic in a.topic_ids) else 1)
                / (1 + (when - a.published_at).days / 14)
                for a in pool
            ]
            article = rng.choices(pool, weights)[0]
            saved.add(article.pk)
            favorites.append(Favorite(user=user, article=article, created_at=when))
            if rng.random() < 0.3:
                votes.append(
                    HelpfulnessVote(
                        user=user, article=article, helpful=True, language="en", client="x"
                    )
                )
    created = Favorite.objects.bulk_create(favorites)
    # bulk_create stamps auto_now_add fields with the current time: put the times back.
    for favorite, original in zip(created, favorites, strict=True):
        favorite.created_at = original.created_at
    Favorite.objects.bulk_update(created, ["created_at"], batch_size=500)
    HelpfulnessVote.objects.bulk_create(votes)
    ReaderProfile.objects.bulk_create(ReaderProfile(user=user) for user, _topic in profiles)
    ReaderProfile.interests.through.objects.bulk_create(
        ReaderProfile.interests.through(readerprofile_id=user.pk, topic_id=topic)
        for user, topic in profiles
    )
    return (
        f"{articles} synthetic articles in {topics} topics, {readers} readers, "
        f"{len(favorites)} saves, {len(votes)} “Yes” answers"
    )


def hide_latest_saves(count):
    """Delete each reader's latest `count` saves (and their "Yes" answers to them);
    {reader: set of hidden article ids} for readers left with at least two saves."""
    hidden = {}
    for user in User.objects.all():
        saves = list(Favorite.objects.filter(user=user).order_by("-created_at", "-pk"))
        if len(saves) < count + 2:
            continue
        hidden[user] = {favorite.article_id for favorite in saves[:count]}
        Favorite.objects.filter(pk__in=[favorite.pk for favorite in saves[:count]]).delete()
        HelpfulnessVote.objects.filter(user=user, article__in=hidden[user]).delete()
    ArticlePopularity.objects.rebuild()
    ArticleNeighbour.objects.rebuild()
    return hidden


def evaluate(hidden):
    """(engine Scores, baseline Scores) of the readers' top K against what they hid."""
    found = {"engine": [], "baseline": []}
    for user, articles in hidden.items():
        engine = {rec.article.pk for rec in recommendations_for(user, "en", K)}
        not_saved = Article.objects.published().exclude(favorites__user=user)
        baseline = set(most_popular(not_saved).values_list("pk", flat=True)[:K])
        found["engine"].append(len(engine & articles))
        found["baseline"].append(len(baseline & articles))
    total = sum(len(articles) for articles in hidden.values()) or 1
    readers = len(hidden) or 1
    return tuple(
        Scores(
            hit_rate=sum(1 for hits in found[name] if hits) / readers,
            recall=sum(found[name]) / total,
        )
        for name in ("engine", "baseline")
    )
