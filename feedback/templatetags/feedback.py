from django import template
from django.utils.translation import get_language

import pagecache
from articles.models import Article
from feedback.views import reader_vote

register = template.Library()


@register.simple_tag(takes_context=True)
def helpfulness_form(context, article):
    """ "Was this article helpful?", showing the reader's answer if they gave one."""
    return pagecache.personal(
        context["request"], "helpfulness", article=article.pk, slug=article.slug
    )


def render_helpfulness_form(request, article, slug):
    """One query for a reader who may have voted; none for a reader without a session."""
    article = Article(pk=article, **{f"slug_{get_language()}": slug})
    vote = reader_vote(request, article)
    context = {"article": article, "vote": vote}
    # What the form shows of their answer: which it was, and whether it has a comment.
    variant = (slug, vote and vote.helpful, bool(vote and vote.comment))
    return pagecache.render_fragment("feedback/helpfulness_form.html", context, request, variant)
