from django import template
from django.utils.translation import get_language

import pagecache

from ..cache import cached_recommendations
from ..engine import BLOCK_SIZE

register = template.Library()


@register.simple_tag(takes_context=True, name="recommendations_for")
def recommendations_block(context, article):
    """ "Recommended for you" after an article, for a signed-in reader."""
    return pagecache.personal(context["request"], "recommendations", article=article.pk)


@register.simple_tag(takes_context=True)
def recommendations_invitation(context):
    """ "Sign in to receive recommendations (Learn more)", for a reader not signed in."""
    return pagecache.personal(context["request"], "recommendations-invitation")


def render_recommendations(request, article):
    """Never the article being read; nothing, and no query, for an anonymous reader."""
    if not request.user.is_authenticated:
        return ""
    ranked = cached_recommendations(request, request.user, get_language())
    recommendations = None
    if ranked is not None:
        recommendations = [rec for rec in ranked if rec.article.pk != article][:BLOCK_SIZE]
    return pagecache.render_fragment(
        "recommendations/recommendations_block.html",
        {"recommendations": recommendations},
        request,
    )


def render_recommendations_invitation(request):
    if request.user.is_authenticated:
        return ""
    return pagecache.render_fragment("recommendations/recommendations_invitation.html", {}, request)
