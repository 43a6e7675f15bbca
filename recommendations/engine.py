"""Recommendations for signed-in readers, chosen and ranked by the database.

An article is scored from four signals, each computed in SQL:

- what readers who saved the reader's articles also saved (the precomputed
  ArticleNeighbour rows of the reader's latest favorites and "Yes" answers);
- the reader's topics: those of the articles they saved or found helpful, and those
  they picked at sign-up or in their settings;
- popularity (saves and "Yes" answers) fading with the article's age;
- the reader's language: an article they would have to read in another one counts less.

The candidates are the neighbours of those articles, the newest articles, and the newest
in the reader's topics, so every query reads a bounded number of rows whatever the size
of the site. A reader's recommendations take three queries (recommendations_for()), and
no favorites are loaded into Python: the neighbour table is refreshed, by the database,
for the one article whose favorites changed (recommendations.models).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Power
from django.utils import timezone

from accounts.models import Favorite, ReaderProfile
from articles.models import Article, has_page_in
from feedback.models import HelpfulnessVote

from .models import ArticleNeighbour

BLOCK_SIZE = 5  # under an article
PAGE_SIZE = 20  # on the reader's Recommendations page

SEEDS = 10  # the reader's latest favorites, and latest "Yes" answers, that count
# Candidates: the articles most saved with those, the newest articles (fresh, and popular
# among them), and the newest in the reader's topics.
NEIGHBOURS = 100
NEWEST = 100
NEWEST_IN_TOPICS = 100

# How much each signal weighs in the score, each about 0 to 1 for one article: tuned with
# `manage.py evaluate_recommendations` (docs/design.md, "Recommendations").
ALSO_SAVED_WEIGHT = 1.0
TOPICS_WEIGHT = 1.0
POPULARITY_WEIGHT = 3.0
# A topic the reader picked weighs as much as the one they saved most articles in.
INTEREST_WEIGHT = 1.0
# An article without a version in the reader's language is still shown, but lower.
OTHER_LANGUAGE_FACTOR = 0.5
# Popularity fades with age in days: (1 + saves + "Yes" answers) / (age + 2) ^ GRAVITY.
GRAVITY = 1.0

ALSO_SAVED = "also_saved"  # "Readers who saved X also saved this"
SAVED = "saved"  # "Because you saved X"
TOPIC = "topic"  # "Popular in <topic>"
NEW = "new"  # "New and popular"


@dataclass
class Recommendation:
    article: Article
    url: str
    in_language: bool  # False: shown in English, labelled as such
    reason: str
    # The saved article's title or the topic's name, and the language it is in. Named
    # even on that article's own page: "this article", under another article's title,
    # read as if the reader had saved that one.
    subject: str = ""
    subject_language: str = ""
    # The reader's article it was chosen from, if any.
    source: int | None = None


class Epoch(Func):
    """Seconds since 1970 of a date and time, as a float (PostgreSQL and SQLite)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def decayed_popularity(now=None):
    """Saves and "Yes" answers of an article, fading with its age (an Article expression)."""
    now = now or timezone.now()
    age_in_days = (Value(now.timestamp()) - Epoch("published_at")) / 86400
    activity = (
        Value(1.0) + Coalesce("popularity__saves", 0) + Coalesce("popularity__helpful_votes", 0)
    )
    return activity / Power(age_in_days + 2, GRAVITY)


def most_popular(articles, now=None):
    """`articles`, the most popular first, popularity fading with age."""
    return articles.annotate(popular=decayed_popularity(now)).order_by("-popular", "-pk")


def recommendations_for(user, language, limit, exclude=None, since=None):
    """The reader's best `limit` articles, best first, each with why it was chosen; None
    when they turned recommendations off (and then nothing else is asked of the database).
    With `since`, only articles published since then (a digest's new articles).

    Never an article the reader saved or answered "Was this article helpful?" about, never
    `exclude` (the one being read), never an unpublished one. Three queries, whatever the
    size of the site: the reader's settings; the articles their recommendations start
    from, with those articles' topics; then one that gathers, ranks and explains them.
    """
    profile = ReaderProfile.objects.filter(user=user).values(
        "show_recommendations", *names("interests__", language)
    )
    profile = list(profile)
    if profile and not profile[0]["show_recommendations"]:
        return None
    reader = Reader(user, language)
    for row in profile:
        if row["interests"] is not None:
            reader.add_topic(row, "interests__", interest=True)
    saved = Favorite.objects.filter(user=user).order_by("-created_at").values("article")
    helpful = (
        HelpfulnessVote.objects.filter(user=user, helpful=True)
        .order_by("-updated_at")
        .values("article")
    )
    seeds = (
        Article.objects.published()
        .filter(pk__in=one_of(saved[:SEEDS], helpful[:SEEDS]))
        .annotate(saved_at=Subquery(saved.filter(article=OuterRef("pk")).values("created_at")))
        .values("pk", "saved_at", *names("title", language), *names("topics__", language))
    )
    for row in seeds:
        reader.add_seed(row)
    return reader.recommend(limit, exclude, since)


def names(prefix, language):
    """The fields of a title (`title`) or of a related topic's name (`topics__`), in the
    reader's language and in English, for when the first is missing."""
    if prefix.endswith("__"):
        return [prefix[:-2], f"{prefix}name_en", f"{prefix}name_{language}"]
    return [f"{prefix}_en", f"{prefix}_{language}"]


def in_reader_language(row, field, language):
    """(text, its language) of a row's `field`: the reader's language if filled in."""
    text = row[f"{field}_{language}"]
    return (text, language) if text else (row[f"{field}_en"], "en")


@dataclass
class Seed:
    title: tuple  # (text, language)
    saved_at: object  # None for an article the reader found helpful without saving it
    topics: set = field(default_factory=set)


@dataclass
class ReaderTopic:
    name: tuple  # (text, language)
    seeds: int = 0  # how many of the reader's articles are about it
    interest: bool = False  # the reader picked it


class Reader:
    """What a reader's recommendations start from, and the query that ranks them."""

    def __init__(self, user, language):
        self.user = user
        self.language = language
        self.seeds = {}  # article id: Seed
        self.topics = {}  # topic id: ReaderTopic

    def add_topic(self, row, prefix, interest=False):
        pk = row[prefix[:-2]]
        name = in_reader_language(row, f"{prefix}name", self.language)
        topic = self.topics.setdefault(pk, ReaderTopic(name))
        topic.interest |= interest
        return topic

    def add_seed(self, row):
        title = in_reader_language(row, "title", self.language)
        seed = self.seeds.setdefault(row["pk"], Seed(title, row["saved_at"]))
        if row["topics"] is not None and row["topics"] not in seed.topics:
            seed.topics.add(row["topics"])
            self.add_topic(row, "topics__").seeds += 1

    @property
    def weights(self):
        """{topic id: weight}: 1 for the topic most of the reader's articles are about,
        less for the others, plus INTEREST_WEIGHT for each topic they picked."""
        most = max((topic.seeds for topic in self.topics.values()), default=0) or 1
        return {
            pk: topic.seeds / most + INTEREST_WEIGHT * topic.interest
            for pk, topic in self.topics.items()
        }

    def recommend(self, limit, exclude=None, since=None):
        reading = exclude.pk if exclude is not None else None
        weights = self.weights
        neighbours = ArticleNeighbour.objects.filter(
            article__in=self.seeds, neighbour=OuterRef("pk")
        )
        newest = Article.objects.published().order_by("-published_at").values("pk")
        # A few hundred articles, each part looked up by index, whatever the size of the
        # site: the database scores these, not the whole table.
        candidates = one_of(
            ArticleNeighbour.objects.filter(article__in=self.seeds)
            .order_by("-score")
            .values("neighbour")[:NEIGHBOURS],
            newest[:NEWEST],
            newest.filter(topics__in=weights)[:NEWEST_IN_TOPICS],
        )
        popular = decayed_popularity()
        has_page = has_page_in(Article, self.language)
        in_topics = (
            Article.topics.through.objects.filter(article=OuterRef("pk"), topic__in=weights)
            .order_by()
            .alias(weight=weight_of_topic(weights))
        )
        published = Article.objects.published()
        if since is not None:
            published = published.filter(published_at__gte=since)
        articles = (
            published.filter(
                # Not what the reader saved, nor what they answered "Was this article
                # helpful?" about: they have read it.
                ~Exists(Favorite.objects.filter(user=self.user, article=OuterRef("pk"))),
                ~Exists(HelpfulnessVote.objects.filter(user=self.user, article=OuterRef("pk"))),
                pk__in=candidates,
            )
            .exclude(pk=reading)
            .alias(
                also_saved=Coalesce(Subquery(total(neighbours, "neighbour", "score")), 0.0),
                topical=Coalesce(Subquery(total(in_topics, "article", "weight")), 0.0),
            )
            .annotate(
                in_language=Case(When(has_page, then=True), default=False),
                score=(
                    ALSO_SAVED_WEIGHT * F("also_saved")
                    + TOPICS_WEIGHT * F("topical")
                    + POPULARITY_WEIGHT * popular / (popular + 1)
                )
                * Case(When(has_page, then=1.0), default=OTHER_LANGUAGE_FACTOR),
                # For the explanation: the reader's article whose readers saved this one
                # most, and this one's topic that matters most to the reader.
                also_saved_from=Subquery(
                    neighbours.order_by("-score", "article_id").values("article")[:1]
                ),
                best_topic=Subquery(in_topics.order_by("-weight", "topic").values("topic")[:1]),
            )
            .order_by("-score", "-published_at", "-pk")
            .only(*displayed_fields(self.language))
        )
        return [self.explain(article) for article in articles[:limit]]

    def explain(self, article):
        """The Recommendation of a ranked article: why it was chosen, in the reader's words.

        What other readers saved, the most specific reason; else an article the reader
        saved on its topic; else the topic; and for a reader we know nothing about yet,
        that it is new and popular.
        """
        topic = self.topics.get(article.best_topic)
        saved_on_topic = [
            pk
            for pk, seed in self.seeds.items()
            if seed.saved_at and article.best_topic in seed.topics
        ]
        if article.also_saved_from is not None:
            reason, source = ALSO_SAVED, article.also_saved_from
        elif topic and saved_on_topic:
            reason = SAVED
            source = max(saved_on_topic, key=lambda pk: self.seeds[pk].saved_at)
        else:
            reason, source = (TOPIC if topic else NEW), None
        subject = ("", "")
        if source is not None:
            subject = self.seeds[source].title
        elif reason == TOPIC:
            subject = topic.name
        in_language = article.in_language
        url = article.url_in(self.language if in_language else settings.LANGUAGE_CODE)
        return Recommendation(article, url, in_language, reason, *subject, source=source)


def total(rows, group, value):
    """The sum of `value` over `rows` (one group per outer row), for a Subquery."""
    return rows.order_by().values(group).annotate(total=Sum(value)).values("total")


def one_of(*ids):
    """The article ids of several queries, as one subquery (a UNION): the database looks
    each part up by index, where an OR of them would make it scan the table."""
    # A sliced query cannot be part of a UNION on SQLite: wrap each part. In a plain
    # QuerySet: ids need no translating, and modeltranslation's handling of each row
    # would cost more than the query.
    parts = [
        QuerySet(Article).filter(pk__in=part).order_by().values_list("pk", flat=True)
        for part in ids
    ]
    return parts[0].union(*parts[1:]).order_by()


def weight_of_topic(weights):
    """The reader's weight of a row's `topic`, as a database expression."""
    whens = [When(topic=topic, then=Value(weight)) for topic, weight in weights.items()]
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def displayed_fields(language):
    fields = {"pk", "published_at"}
    for name in ("title", "slug", "summary"):
        fields |= {f"{name}_en", f"{name}_{language}"}
    return sorted(fields)
