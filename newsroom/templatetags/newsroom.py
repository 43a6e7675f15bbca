from django import template

import pagecache
from articles import identity

register = template.Library()


@register.simple_tag(takes_context=True)
def account_links(context):
    """ "Sign in", or the signed-in reader's favorites, account and "Sign out"."""
    return pagecache.personal(context["request"], "account-links")


def render_account_links(request):
    # The same for every signed-in reader; a "Sign in" link names the page it is on.
    variant = ("signed in",) if request.user.is_authenticated else None
    return pagecache.render_fragment("includes/account_links.html", {}, request, variant)


@register.simple_tag
def site_name():
    """The charity's name; `{% site_name as name %}` for use inside a sentence."""
    return identity.site_name()


@register.simple_tag
def site_tagline():
    return identity.tagline()


@register.simple_tag
def site_logo_url():
    return identity.logo_url()
