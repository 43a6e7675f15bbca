from django import template
from django.utils.translation import get_language

from articles.models import Promo

register = template.Library()


@register.inclusion_tag("includes/promo.html")
def promo(slot):
    """The promo running in `slot`, in the reader's language; nothing when there is none."""
    return {"promo": Promo.objects.active(slot).in_language(get_language()).first()}
