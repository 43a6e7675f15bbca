"""What recommendations are computed from: counts and neighbours derived from favorites
and "Yes" answers, refreshed by the database (recommendations.signals says when).

The tables keep the names they had when these models lived in `accounts` (db_table):
the move changed no row (migrations 0001 here and accounts 0005).
"""

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber, Sqrt
from django.utils.translation import gettext_lazy as _

from accounts.models import Favorite
from articles.models import Article
from feedback.models import HelpfulnessVote

# Each article keeps this many neighbours, counted from this many of its latest savers:
# the refresh after a save stays quick however popular the article, and a reader's
# recommendations read a bounded number of rows per saved article.
NEIGHBOURS_PER_ARTICLE = 30
SAVERS_COUNTED = 1000


def insert_rows(model, rows, **columns):
    """INSERT INTO the model's table the rows of a query, in one statement.

    The database computes and writes them: nothing passes through Python however many
    there are. `columns` maps each field of `model` to the name `rows` selects it under.
    """
    quote = connection.ops.quote_name
    fields = ", ".join(quote(model._meta.get_field(field).column) for field in columns)
    names = ", ".join(quote(name) for name in columns.values())
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({fields}) "
            f"SELECT {names} FROM ({select}) {quote('rows')}",
            params,
        )


def count_of(queryset):
    """The number of rows of `queryset` (correlated with OuterRef) as a subquery, 0 for none."""
    counted = queryset.order_by().values(group=models.Value(1)).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


class ArticlePopularityQuerySet(models.QuerySet):
    def refresh(self, article_id):
        self.filter(article_id=article_id).delete()
        self.insert(Article.objects.filter(pk=article_id))

    def rebuild(self):
        self.all().delete()
        self.insert(Article.objects.all())

    def insert(self, articles):
        """Count the saves and "Yes" answers of those of `articles` that have any."""
        counted = (
            articles.order_by()
            .annotate(
                saves=count_of(Favorite.objects.filter(article=OuterRef("pk"))),
                helpful_votes=count_of(
                    HelpfulnessVote.objects.filter(article=OuterRef("pk"), helpful=True)
                ),
            )
            .filter(Q(saves__gt=0) | Q(helpful_votes__gt=0))
        )
        insert_rows(self.model, counted, article="id", saves="saves", helpful_votes="helpful_votes")


class ArticlePopularity(models.Model):
    """How many readers saved an article and answered "Yes" to "Was this article helpful?".

    Counted again whenever they change, so that ranking by popularity reads one row per
    article instead of counting favorites on every page view.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="popularity",
        verbose_name=_("article"),
    )
    saves = models.PositiveIntegerField(_("saves"), default=0)
    helpful_votes = models.PositiveIntegerField(_("“Yes” answers"), default=0)

    objects = ArticlePopularityQuerySet.as_manager()

    class Meta:
        verbose_name = _("article popularity")
        verbose_name_plural = _("article popularity")
        db_table = "accounts_articlepopularity"
        ordering = ["-saves", "article"]

    def __str__(self):
        return f"{self.article}: {self.saves} / {self.helpful_votes}"


class ArticleNeighbourQuerySet(models.QuerySet):
    def refresh(self, article_id):
        """Recompute the neighbours of one article, and drop it from the other articles'
        lists where too few readers now saved both: four statements, whatever its audience.
        """
        savers = (
            Favorite.objects.filter(article=article_id)
            .order_by("-created_at")
            .values("user")[:SAVERS_COUNTED]
        )
        saves = ArticlePopularity.objects.filter(article=article_id).values("saves")
        saved_together = (
            Favorite.objects.filter(user__in=savers)
            .exclude(article=article_id)
            .values(source=models.Value(article_id), target=F("article"))
            .annotate(together=TOGETHER)
            .filter(together__gte=min_readers())
        )
        neighbours = saved_together.annotate(
            score=cosine(F("together"), Subquery(saves), F("article__popularity__saves"))
        ).order_by("-score", "target")[:NEIGHBOURS_PER_ARTICLE]
        self.filter(article_id=article_id).delete()
        insert_rows(self.model, neighbours, article="source", neighbour="target", score="score")
        # The other direction is recomputed with the other article; until then, a reader
        # removing this one must not leave it among that article's neighbours with fewer
        # than the minimum readers behind it.
        self.filter(neighbour=article_id).exclude(
            article__in=saved_together.values("target")
        ).delete()

    def rebuild(self):
        """Recompute every article's neighbours in one statement (after a bulk import)."""
        pairs = (
            Favorite.objects.alias(other=F("user__favorites__article"))
            .exclude(other=F("article"))
            .order_by()
            .values(source=F("article"), target=F("other"))
            .annotate(together=TOGETHER)
            .filter(together__gte=min_readers())
            .annotate(
                score=cosine(
                    F("together"),
                    F("article__popularity__saves"),
                    F("user__favorites__article__popularity__saves"),
                )
            )
        )
        ranked = pairs.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("source"),
                order_by=[F("score").desc(), F("target")],
            )
        ).filter(rank__lte=NEIGHBOURS_PER_ARTICLE)
        self.all().delete()
        insert_rows(self.model, ranked, article="source", neighbour="target", score="score")


# The readers who saved both articles of a pair: one favorite each, as a reader saves an
# article once (the "unique_favorite" constraint).
TOGETHER = Count("pk")


def min_readers():
    """How many readers must have saved two articles for them to be neighbours.

    Enforced here, where the neighbours are computed, so that whatever reads them (the
    block, the page, their reasons, the evaluation) never rests on fewer readers.
    """
    return settings.RECOMMENDATIONS_MIN_READERS


def cosine(together, saves, other_saves):
    """How alike two articles' audiences are: the readers who saved both, over the root of
    the product of each one's savers (1 when the same readers saved both)."""

    def at_least_together(count):
        return Greatest(together, Coalesce(count, 0), output_field=models.IntegerField())

    return together / Sqrt(at_least_together(saves) * at_least_together(other_saves))


class ArticleNeighbour(models.Model):
    """`neighbour` is among the articles most often saved by the readers who saved `article`,
    and at least RECOMMENDATIONS_MIN_READERS readers saved both.

    Derived from favorites: refreshed for an article when its favorites change, and rebuilt
    for all by `manage.py rebuild_recommendations`.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint's index starts with it
        verbose_name=_("article"),
    )
    neighbour = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # see the index below
        verbose_name=_("neighbour"),
    )
    score = models.FloatField(_("score"))

    objects = ArticleNeighbourQuerySet.as_manager()

    class Meta:
        verbose_name = _("article neighbour")
        verbose_name_plural = _("article neighbours")
        db_table = "accounts_articleneighbour"
        ordering = ["article_id", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "neighbour"], name="unique_article_neighbour"
            ),
            models.CheckConstraint(
                condition=~Q(article=F("neighbour")), name="article_neighbour_not_itself"
            ),
        ]
        indexes = [
            # "Readers who saved these also saved this one": the score of a recommended
            # article from the reader's articles, read from the index alone.
            models.Index(fields=["neighbour", "article", "score"], name="article_neighbour_of_idx"),
        ]

    def __str__(self):
        return f"{self.article} → {self.neighbour} ({self.score:.3f})"


def lock_article(article_id):
    """Make refreshes of one article's derived rows wait for each other (PostgreSQL; SQLite
    runs one writing transaction at a time anyway). No key is changed, so the lock does
    not hold up readers saving the article meanwhile."""
    list(Article.objects.select_for_update(no_key=True).filter(pk=article_id).values("pk"))


def refresh_recommendation_data(article_id):
    """After an article's favorites changed: its counts, then its neighbours (which use them)."""
    with transaction.atomic():
        lock_article(article_id)
        ArticlePopularity.objects.refresh(article_id)
        ArticleNeighbour.objects.refresh(article_id)
