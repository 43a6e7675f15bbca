# The models moved here from accounts, their tables and rows with them: nothing changes
# in the database (database_operations=[]), only the app the state gives them to. The
# tables keep their names (db_table); accounts 0005 takes the models out of its state.

import django.db.models.deletion
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Permissions granted on the two models follow them: their content types change app.

    On a new database there are none yet (contenttypes makes them after migrating)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="accounts", model__in=["articlepopularity", "articleneighbour"]
    ).update(app_label="recommendations")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="recommendations", model__in=["articlepopularity", "articleneighbour"]
    ).update(app_label="accounts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_user_confirmed_at"),
        ("articles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ArticlePopularity",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="popularity",
                                serialize=False,
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                        ("saves", models.PositiveIntegerField(default=0, verbose_name="saves")),
                        (
                            "helpful_votes",
                            models.PositiveIntegerField(default=0, verbose_name="“Yes” answers"),
                        ),
                    ],
                    options={
                        "verbose_name": "article popularity",
                        "verbose_name_plural": "article popularity",
                        "db_table": "accounts_articlepopularity",
                        "ordering": ["-saves", "article"],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleNeighbour",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("score", models.FloatField(verbose_name="score")),
                        (
                            "article",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "neighbour",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="articles.article",
                                verbose_name="neighbour",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article neighbour",
                        "verbose_name_plural": "article neighbours",
                        "db_table": "accounts_articleneighbour",
                        "ordering": ["article_id", "-score"],
                        "indexes": [
                            models.Index(
                                fields=["neighbour", "article", "score"],
                                name="article_neighbour_of_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "neighbour"), name="unique_article_neighbour"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("article", models.F("neighbour")), _negated=True
                                ),
                                name="article_neighbour_not_itself",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
