from django import template

import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def account_links(context):
    """ "Sign in", or the signed-in reader's favorites, account and "Sign out"."""
    return pagecache.personal(context["request"], "account-links")


def render_account_links(request):
    return pagecache.render_fragment("includes/account_links.html", {}, request)
