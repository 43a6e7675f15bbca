from datetime import datetime

from django import template
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

import pagecache
from accounts.models import Favorite

register = template.Library()

# The articles a reader saved are kept in the cache for the favorite button of every page
# they read, until they save or remove one (forget_saved), or this long (seconds).
KEPT_FOR = 60 * 60


@register.simple_tag
def favorite_url(article):
    """The save/remove address of an article, in a language the article exists in."""
    language = translation.get_language()
    if language not in article.languages:
        language = article.languages[0]
    with translation.override(language):
        return reverse("accounts:favorite", kwargs={"slug": getattr(article, f"slug_{language}")})


@register.simple_tag(takes_context=True)
def favorite_button(context, article):
    """ "Save as Favorite": a form for readers who are signed in, a way to sign in for others."""
    return pagecache.personal(
        context["request"],
        "favorite-button",
        article=article.pk,
        action=favorite_url(article),
        next=article.get_absolute_url(),
        noted=article.last_noted_at.isoformat() if article.last_noted_at else None,
    )


def render_favorite_button(request, article, action, next, noted=None):
    """The button, and "Updated since you saved it" when a note came after the saving.

    `noted`, the article's newest note, is in the stored page, which a new note replaces.
    """
    context = {"action": action}
    if request.user.is_authenticated:
        saved_at = saved_articles(request).get(article)
        context["saved"] = saved_at is not None
        context["updated_since_saved"] = bool(
            saved_at and noted and datetime.fromisoformat(noted) > saved_at
        )
    else:
        query = urlencode({"next": next, "favorite": article})
        context["sign_in_url"] = f"{reverse('accounts:sign-in')}?{query}"
    variant = (request.user.is_authenticated, *sorted(context.items()))
    return pagecache.render_fragment("accounts/favorite_button.html", context, request, variant)


def saved_key(user_id):
    return f"favorites:saved-at:{user_id}"


def kept_keys(request):
    """For pagecache.register(kept_for_parts=...): fetched with a stored page."""
    return [saved_key(request.user.pk)] if request.user.is_authenticated else []


def saved_articles(request):
    """{id: when saved} of the articles the signed-in reader saved, kept between pages."""

    def saved():  # a query built only when it is needed: building one costs more than the rest
        return dict(Favorite.objects.filter(user=request.user).values_list("article", "created_at"))

    return pagecache.kept(request, saved_key(request.user.pk), saved, KEPT_FOR)


def forget_saved(instance, **kwargs):
    """Connected to the save and delete of a favorite: now, and once it is committed (a
    page read in between may have kept what was there before)."""
    key = saved_key(instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
