from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from accounts.models import Favorite

register = template.Library()


@register.simple_tag
def favorite_url(article):
    """The save/remove address of an article, in a language the article exists in."""
    language = translation.get_language()
    if language not in article.languages:
        language = article.languages[0]
    with translation.override(language):
        return reverse("accounts:favorite", kwargs={"slug": getattr(article, f"slug_{language}")})


@register.inclusion_tag("accounts/favorite_button.html", takes_context=True)
def favorite_button(context, article):
    """ "Save as Favorite": a form for readers who are signed in, a way to sign in for others."""
    user = context["request"].user
    fragment = {"article": article, "user": user, "csrf_token": context.get("csrf_token")}
    if user.is_authenticated:
        return fragment | {"saved": Favorite.objects.filter(user=user, article=article).exists()}
    query = urlencode({"next": article.get_absolute_url(), "favorite": article.pk})
    return fragment | {"sign_in_url": f"{reverse('accounts:sign-in')}?{query}"}
