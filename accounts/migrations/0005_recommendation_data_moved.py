# ArticlePopularity and ArticleNeighbour now belong to the recommendations app (its 0001
# takes them into its state first). Their tables and rows stay where they are: this
# only takes the models out of accounts' state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_confirmed_at"),
        ("recommendations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ArticleNeighbour"),
                migrations.DeleteModel(name="ArticlePopularity"),
            ],
        ),
    ]
