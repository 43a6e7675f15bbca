from django import template
from django.template.loader import get_template

import pagecache

from .. import cache as kept_recommendations

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
    return kept_recommendations.block(request, article, render_block)


def render_block(recommendations):
    template = get_template("recommendations/recommendations_block.html")
    return template.render({"recommendations": recommendations})


def render_recommendations_invitation(request):
    if request.user.is_authenticated:
        return ""
    return pagecache.render_fragment("recommendations/recommendations_invitation.html", {}, request)
