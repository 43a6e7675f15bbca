"""Texts of Django's admin that its own Spanish catalogue leaves in English, listed here so
that `make messages` keeps our Spanish for them (locale/ is read before Django's own)."""

from django.utils.translation import gettext_noop

UNTRANSLATED_UPSTREAM = [
    gettext_noop("- Select an option -"),
    gettext_noop("Run"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Pagination %(name)s"),
]
