"""Markdown written by editors, rendered to HTML that can never carry script."""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4",
    "hr", "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    # On any element: harmless, and the sanitiser's default, written down here.
    "*": {"lang", "title"},
    "a": {"href", "title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=512)
def render_markdown(text):
    # No <h1> in the allow-list: the article title is the page's heading.
    html = markdown.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )
