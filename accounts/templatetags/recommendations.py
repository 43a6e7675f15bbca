from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

import pagecache
from accounts.recommendations import BLOCK_SIZE, recommendations_for

register = template.Library()

# A reader's recommendations are kept this long (seconds), or until their favorites,
# answers or settings change (accounts.apps) or the site's content does.
CACHE_TIMEOUT = 10 * 60


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
        "accounts/recommendations_block.html",
        {"recommendations": recommendations},
        request,
    )


def render_recommendations_invitation(request):
    if request.user.is_authenticated:
        return ""
    return pagecache.render_fragment("accounts/recommendations_invitation.html", {}, request)


def cached_recommendations(request, user, language):
    """The reader's best BLOCK_SIZE + 1 (one may be the article on the page)."""
    version = pagecache.content_version(request)
    if version is None:  # no page cache in use: nothing to keep them in step with
        return recommendations_for(user, language, BLOCK_SIZE + 1)
    key = cache_key(user.pk, language)
    kept = cache.get(key)
    if kept is not None and kept["version"] == version:
        return kept["recommendations"]
    recommendations = recommendations_for(user, language, BLOCK_SIZE + 1)
    cache.set(key, {"version": version, "recommendations": recommendations}, CACHE_TIMEOUT)
    return recommendations


def cache_key(user_id, language):
    return f"recommendations:{user_id}:{language}"


def forget_recommendations(instance, **kwargs):
    """Connected to the save and delete of a reader's favorites, answers and settings."""
    if instance.user_id is not None:
        cache.delete_many([cache_key(instance.user_id, code) for code, _ in settings.LANGUAGES])
