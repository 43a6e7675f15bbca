"""The charity's name, tagline and logo come from settings, not from templates: the
header, the <title>, Open Graph, structured data, the feeds and the mail all use them."""

import re

import pytest
from django.core import mail

from tests.accounts.test_sign_up import sign_up
from tests.test_project import run_django

pytestmark = pytest.mark.django_db

NAME = "Heart & Lung Line"


@pytest.fixture
def identity(settings):
    settings.NEWSROOM_SITE_NAME = NAME
    settings.NEWSROOM_TAGLINES = {"en": "Heart news for families", "es": ""}
    settings.NEWSROOM_LOGO_URL = "/static/charity-logo.svg"


def test_the_header_title_and_open_graph_name_the_charity(client, identity, make_article):
    html = client.get(make_article().get_absolute_url()).text
    assert '<span class="brand__name">Heart &amp; Lung Line</span>' in html
    assert '<span class="brand__tagline">Heart news for families</span>' in html
    assert '<img class="brand__logo" src="/static/charity-logo.svg" alt=""' in html
    assert re.search(r"<title>[^<]+ \| Heart &amp; Lung Line</title>", html)
    assert '<meta property="og:site_name" content="Heart &amp; Lung Line">' in html
    assert '"publisher": {"@type": "Organization", "name": "Heart \\u0026 Lung Line"}' in html
    assert "Newsroom" not in html


def test_a_language_without_its_own_tagline_gets_the_sites_translated_one(client, identity):
    html = client.get("/es/").text
    assert (
        '<span class="brand__tagline">Noticias de investigación en salud, explicadas</span>' in html
    )
    assert (
        "<title>Noticias de investigación en salud, explicadas | Heart &amp; Lung Line</title>"
        in html
    )
    assert "Heart &amp; Lung Line explica la investigación en salud" in html


def test_the_feeds_are_titled_with_the_charitys_name(client, identity, make_article, make_topic):
    topic = make_topic()
    make_article(topics=[topic])
    feed = client.get("/en/feed/").text
    assert "<title>Heart &amp; Lung Line: Heart news for families</title>" in feed
    feed = client.get(f"/en/topics/{topic.slug_en}/feed/").text
    assert f"<title>Heart &amp; Lung Line: {topic.name_en}</title>" in feed


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", f"Confirm your email address for {NAME}"),
        ("es", f"Confirme su dirección de correo electrónico para {NAME}"),
    ],
)
def test_the_confirmation_mail_is_signed_with_the_charitys_name(
    client, identity, language, subject
):
    sign_up(client, language=language)
    (message,) = mail.outbox
    assert message.subject == subject
    assert f"a {NAME} account" in message.body or f"cuenta de {NAME}" in message.body
    assert message.body.rstrip().endswith(NAME)
    assert "Newsroom" not in message.body


def test_the_identity_is_read_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.NEWSROOM_SITE_NAME, s.NEWSROOM_TAGLINES, s.NEWSROOM_LOGO_URL, "
        "s.SECURE_CSP['img-src'], sep='|')"
    )
    result = run_django(
        code,
        DJANGO_DEBUG="1",
        DJANGO_SITE_NAME="Heart Line",
        DJANGO_SITE_TAGLINE_ES="Noticias del corazón",
        DJANGO_SITE_LOGO_URL="https://cdn.example.org/logo.svg",
    )
    name, taglines, logo, images = result.stdout.strip().split("|")
    assert name == "Heart Line"
    assert taglines == "{'en': '', 'es': 'Noticias del corazón'}"
    assert logo == "https://cdn.example.org/logo.svg"
    # The CSP lets the page load the logo from where it is, and nothing else from there.
    assert "https://cdn.example.org" in images
    unset = run_django(code, DJANGO_DEBUG="1").stdout.strip().split("|")
    assert unset[:3] == ["Newsroom", "{'en': '', 'es': ''}", ""]
