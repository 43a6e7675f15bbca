"""Whatever arrives at the public URLs, the answer is never a server error."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=60)
segment = text.map(lambda value: quote(value, safe=""))
PAGES = [
    "/", "/en/", "/es/", "/en/news/", "/es/noticias/", "/en/news/{article}/",
    "/es/noticias/{article}/", "/en/news/{segment}/", "/es/temas/{segment}/",
    "/en/topics/{topic}/", "/en/pages/{segment}/", "/en/feed/", "/es/temas/{topic}/feed/",
    "/en/search/", "/es/buscar/", "/sitemap.xml", "/robots.txt", "/healthz",
    "/{segment}/", "/en/{segment}", "/en/accounts/sign-in/", "/es/cuenta/registro/",
    "/en/accounts/confirm/{segment}/", "/en/news/{article}/preview/", "/en/promo/{segment}/",
]  # fmt: skip
FORMS = [
    "/en/news/{article}/feedback/", "/es/noticias/{article}/opinion/",
    "/en/news/{article}/favorite/", "/en/news/{segment}/favorite/",
    "/en/accounts/sign-in/", "/es/cuenta/registro/", "/en/accounts/password-reset/",
]  # fmt: skip
FIELDS = [
    "helpful", "comment", "website", "action", "next", "favorite", "username", "password",
    "email", "password1", "password2", "preferred_language", "q", "page",
]  # fmt: skip


def latin_1(headers):
    """HTTP header values are Latin-1; a client cannot send anything else."""
    return {
        name: value.encode("latin-1", "ignore").decode("latin-1") for name, value in headers.items()
    }


headers = st.fixed_dictionaries(
    {},
    optional={
        "accept-language": text,
        "x-forwarded-for": text,
        "referer": text,
        "x-requested-with": st.sampled_from(["fetch", "XMLHttpRequest"]) | text,
        "accept": text,
    },
).map(latin_1)
query = st.dictionaries(st.sampled_from([*FIELDS, "unavailable", "utm"]) | text, text, max_size=4)
values = text | st.lists(text, max_size=3)
form = st.dictionaries(st.sampled_from(FIELDS) | text, values, max_size=6)


@pytest.fixture
def site(make_article, make_topic):
    topic = make_topic()
    return {"article": make_article(topics=[topic]).slug_en, "topic": topic.slug_en}


def address(template, site, fill):
    return template.format(article=site["article"], topic=site["topic"], segment=fill)


@FUZZ
@given(page=st.sampled_from(PAGES), fill=segment, query=query, headers=headers)
def test_reading_never_errors(site, page, fill, query, headers):
    response = Client().get(address(page, site, fill), query, headers=headers)
    assert response.status_code < 500


@FUZZ
@given(page=st.sampled_from(FORMS), fill=segment, data=form, headers=headers)
def test_posting_never_errors(site, page, fill, data, headers):
    response = Client().post(address(page, site, fill), data, headers=headers)
    assert response.status_code < 500


@FUZZ
@given(body=st.binary(max_size=2000), content_type=text)
def test_any_body_never_errors(site, body, content_type):
    client = Client()
    response = client.generic(
        "POST", f"/en/news/{site['article']}/feedback/", body, content_type=content_type or "x/y"
    )
    assert response.status_code < 500
