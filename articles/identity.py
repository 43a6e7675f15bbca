"""The charity's name, tagline and logo, from settings (see NEWSROOM_SITE_NAME).

What articles are published under (feeds, structured data) and the header shows
(newsroom's template tags): kept in `articles`, which newsroom imports, so that articles
need not import the project's package, which imports every app.
"""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def site_name():
    return settings.NEWSROOM_SITE_NAME


def tagline():
    """The tagline set for the active language, or the site's own translated one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return settings.NEWSROOM_TAGLINES.get(language) or _("Health research news, explained")


def logo_url():
    return settings.NEWSROOM_LOGO_URL
