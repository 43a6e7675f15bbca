from django import template
from django.utils.translation import get_language

import pagecache
from articles.models import Page

register = template.Library()


@register.inclusion_tag("includes/page_links.html", takes_context=True)
def page_links(context):
    """The editors' published pages in the reader's language, for the footer of every page
    (the same on every page until the content changes)."""
    language = get_language()

    def published():
        pages = Page.objects.published().in_language(language)
        fields = pages.only(f"title_{language}", f"slug_{language}")
        return [(page.title, page.url_in(language)) for page in fields]

    links = pagecache.for_this_version(context.get("request"), ("page links", language), published)
    return {"links": links}
