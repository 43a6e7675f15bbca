"""A reader's recommendations, kept in the cache between pages.

Kept in step with the page cache's content version, and forgotten when the reader's
favorites, answers or settings change (recommendations.signals).
"""

from django.conf import settings
from django.core.cache import cache

import pagecache

from .engine import BLOCK_SIZE, recommendations_for

# A reader's recommendations are kept this long (seconds), or until their favorites,
# answers or settings change or the site's content does.
CACHE_TIMEOUT = 10 * 60


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


def forget(user_id):
    """Drop the reader's kept recommendations, in every language."""
    cache.delete_many([cache_key(user_id, code) for code, _ in settings.LANGUAGES])
