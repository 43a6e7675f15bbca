"""Lists of articles, ten a page, wherever they are listed (favorites too)."""

from django.core.paginator import Paginator

ARTICLES_PER_PAGE = 10


def get_page(queryset, number):
    """The requested page, or the nearest one that exists: a bad `?page=` is never an error."""
    paginator = Paginator(queryset, ARTICLES_PER_PAGE)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
