from django import template
from django.utils.translation import get_language

from accounts.recommendations import BLOCK_SIZE, recommendations_for

register = template.Library()


@register.inclusion_tag(
    "accounts/recommendations_block.html", takes_context=True, name="recommendations_for"
)
def recommendations_block(context, article):
    """ "Recommended for you" after an article: never the article itself.

    Nothing, and no query, for an anonymous reader; one query for a reader who turned
    recommendations off.
    """
    user = context["request"].user
    recommendations = None
    if user.is_authenticated:
        recommendations = recommendations_for(user, get_language(), BLOCK_SIZE, exclude=article)
    return {"recommendations": recommendations}
