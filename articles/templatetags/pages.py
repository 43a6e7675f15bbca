from django import template
from django.utils.translation import get_language

from articles.models import Page

register = template.Library()


@register.inclusion_tag("includes/page_links.html")
def page_links():
    """The editors' published pages in the reader's language, for the footer of every page."""
    language = get_language()
    pages = Page.objects.published().in_language(language)
    return {
        "links": [
            (page.title, page.url_in(language))
            for page in pages.only(f"title_{language}", f"slug_{language}")
        ]
    }
