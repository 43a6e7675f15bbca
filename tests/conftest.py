from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from articles.models import Article, Topic
from tests.helpers import PASSWORD

_sequence = count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PAGE_CACHE_MIDDLEWARE = {"pagecache.AnonymousPageMiddleware", "pagecache.PersonalPageMiddleware"}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """A task runs when it is enqueued, so a test sees its mail in mail.outbox at once.
    Tests of the worker itself (tests/test_mail.py, tests/servers/) use the database."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Tests see pages as rendered: the site without the page cache's middleware.

    Tests of the page cache (tests/pagecache/) and the browser tests ask for page_cache_on.
    """
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name not in PAGE_CACHE_MIDDLEWARE
    ]


@pytest.fixture
def page_cache_on(settings, page_cache_off):
    """The site as in production, starting with nothing stored."""
    from newsroom import settings as project

    settings.MIDDLEWARE = project.MIDDLEWARE
    cache.clear()


@pytest.fixture
def admin_user(db):
    """An editor with every permission; pytest-django's `admin_client` is signed in as them."""
    return User.objects.create_superuser("admin@example.org", PASSWORD)


@pytest.fixture
def reader(client):
    """A reader signed in with `client`; their password is PASSWORD."""
    user = User.objects.create_user("reader@example.org", PASSWORD)
    client.force_login(user)
    return user


@pytest.fixture
def make_topic(db):
    def make_topic(spanish=True, **fields):
        n = next(_sequence)
        defaults = {"name_en": f"Topic {n}", "slug_en": f"topic-{n}"}
        if spanish:
            defaults |= {"name_es": f"Tema {n}", "slug_es": f"tema-{n}"}
        return Topic.objects.create(**defaults | fields)

    return make_topic


@pytest.fixture
def make_article(db):
    """A published article in English and Spanish, unless told otherwise."""

    def make_article(spanish=True, topics=(), **fields):
        n = next(_sequence)
        defaults = {
            "title_en": f"Study {n} finds something",
            "slug_en": f"study-{n}",
            "summary_en": f"What study {n} found.",
            "body_en": f"The researchers of study {n} looked at *many* patients.",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=n),
            "research_stage": Article.Stage.TRIAL,
            "study_population_en": f"{n * 100} women with early breast cancer",
            "participants": n * 100,
            "what_it_means_en": f"Ask your doctor whether study {n} applies to you.",
        }
        if spanish:
            defaults |= {
                "title_es": f"El estudio {n} encuentra algo",
                "slug_es": f"estudio-{n}",
                "summary_es": f"Lo que encontró el estudio {n}.",
                "body_es": f"Los investigadores del estudio {n} observaron a *muchas* pacientes.",
                "study_population_es": f"{n * 100} mujeres con cáncer de mama temprano",
                "what_it_means_es": f"Pregunte a su médico si el estudio {n} le afecta.",
            }
        article = Article.objects.create(**defaults | fields)
        article.topics.set(topics)
        return article

    return make_article
