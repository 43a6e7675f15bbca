"""Admin lists cost the same number of queries however many rows they show."""

import pytest

pytestmark = pytest.mark.django_db

# Each: the session, the user, the list's count twice (filtered and in total) and the
# rows, who changed their status included. Articles add the topics filter and the two
# queries of the date drill-down; promos add the campaign filter. An editor, not being a
# superuser, adds their own and their groups' permissions.
ARTICLE_QUERIES = 8
TOPIC_QUERIES = 5
PAGE_QUERIES = 5
PROMO_QUERIES = 6


@pytest.fixture
def rows(make_article, make_topic, make_page, make_promo, editor, django_user_model):
    def rows(n):
        topics = [make_topic() for _ in range(n)]
        for i in range(n):
            article = make_article(
                topics=topics[:3], spanish=bool(i % 2), next_review_due="2020-01-01"
            )
            article.set_status("in_review", editor)
            article.save()
            make_page()
            make_promo()

    return rows


@pytest.mark.parametrize("who", ["superuser", "editor"])
@pytest.mark.parametrize(
    ("model", "queries"),
    [
        ("article", ARTICLE_QUERIES),
        ("topic", TOPIC_QUERIES),
        ("page", PAGE_QUERIES),
        ("promo", PROMO_QUERIES),
    ],
)
@pytest.mark.parametrize("size", [2, 20])
def test_admin_lists_cost_a_constant_number_of_queries(
    client, rows, admin_user, editor, django_assert_num_queries, model, queries, size, who
):
    rows(size)
    client.force_login(admin_user if who == "superuser" else editor)
    with django_assert_num_queries(queries + (2 if who == "editor" else 0)):
        response = client.get(f"/admin/articles/{model}/")
    assert response.status_code == 200
    # Pages include "The stages of research", which every site has (migration 0010).
    expected = {"page": size + 1}.get(model, size)
    assert response.context["cl"].result_count == expected
