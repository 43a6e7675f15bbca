from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from articles.models import Page, Promo
from tests.helpers import PASSWORD

_sequence = count(1)


@pytest.fixture
def make_page(db):
    """A published editor's page in English and Spanish, unless told otherwise."""

    def make_page(spanish=True, **fields):
        n = next(_sequence)
        defaults = {
            "title_en": f"About thing {n}",
            "slug_en": f"about-{n}",
            "body_en": f"What thing {n} is, *explained*.",
            "status": Page.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=1),
        }
        if spanish:
            defaults |= {
                "title_es": f"Sobre la cosa {n}",
                "slug_es": f"sobre-{n}",
                "body_es": f"Qué es la cosa {n}, *explicado*.",
            }
        return Page.objects.create(**defaults | fields)

    return make_page


@pytest.fixture
def make_promo(db):
    """A bilingual promo at the end of articles, running since yesterday for a month."""

    def make_promo(spanish=True, **fields):
        n = next(_sequence)
        now = timezone.now()
        defaults = {
            "slot": Promo.Slot.ARTICLE_END,
            "campaign": f"appeal{n}",
            "headline_en": f"Appeal {n}: help us",
            "text_en": "Your gift pays for plain-language news.",
            "link_text_en": "Donate",
            "url_en": f"https://give.example.org/en/{n}",
            "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=30),
        }
        if spanish:
            defaults |= {
                "headline_es": f"Campaña {n}: ayúdenos",
                "text_es": "Su donativo financia noticias en lenguaje sencillo.",
                "link_text_es": "Done",
                "url_es": f"https://give.example.org/es/{n}",
            }
        return Promo.objects.create(**defaults | fields)

    return make_promo


def staff_member(email, group):
    user = User.objects.create_user(email, PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff_member("editor@example.org", "Editors")


@pytest.fixture
def translator(db):
    return staff_member("translator@example.org", "Translators")
