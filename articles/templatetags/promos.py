from django import template
from django.utils.translation import get_language

import pagecache
from articles.models import Promo

register = template.Library()


@register.inclusion_tag("includes/promo.html", takes_context=True)
def promo(context, slot):
    """The promo running in `slot`, in the reader's language; nothing when there is none.

    The same on every page until the content changes (a promo's start or end included)."""
    language = get_language()
    running = pagecache.for_this_version(
        context.get("request"),
        ("promo", slot, language),
        lambda: Promo.objects.active(slot).in_language(language).first(),
    )
    return {"promo": running}
