"""The move of the recommendation tables from accounts to their own app loses no row."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recommendations.models import ArticleNeighbour, ArticlePopularity

BEFORE_THE_MOVE = [("accounts", "0004_user_confirmed_at"), ("recommendations", None)]


def migrate(targets):
    """Migrate to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what the previous migrate applied
    state = executor.migrate(targets)
    return state.apps


@pytest.mark.django_db(transaction=True)
def test_a_database_with_recommendation_data_keeps_it_across_the_move(make_article):
    first, second = make_article(), make_article()
    editors = Group.objects.create(name="Recommendation tuners")
    editors.permissions.add(Permission.objects.get(codename="view_articleneighbour"))
    old = migrate(BEFORE_THE_MOVE)
    old.get_model("accounts", "ArticlePopularity").objects.create(
        article_id=first.pk, saves=7, helpful_votes=3
    )
    old.get_model("accounts", "ArticleNeighbour").objects.create(
        article_id=first.pk, neighbour_id=second.pk, score=0.75
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    popularity = ArticlePopularity.objects.get()
    assert (popularity.article, popularity.saves, popularity.helpful_votes) == (first, 7, 3)
    neighbour = ArticleNeighbour.objects.get()
    assert (neighbour.article, neighbour.neighbour, neighbour.score) == (first, second, 0.75)
    # Permissions staff were given on the models follow them to their app.
    assert editors.permissions.get().content_type.app_label == "recommendations"
