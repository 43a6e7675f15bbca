"""Production security settings: the deployment check, headers and cookies."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import User
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-key-1234567890",
    "DJANGO_SITE_URL": "https://news.example.org",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
]


def production(*args, code=None):
    """Run Django with the environment of a production server (no debug, a secret key)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    command = [sys.executable, *(["-c", code] if code else ["manage.py", *args])]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment | PRODUCTION,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deployment_check_with_nothing_silenced():
    result = production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture
def production_settings(settings):
    """This process's settings, with the security settings a production server gets."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS}}}))"
    )
    values = json.loads(production(code=code).stdout)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.SITE_URL = "https://testserver"  # served over HTTPS, under the test client's host
    return settings


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client, production_settings):
    response = client.get("/en/", secure=True)
    policy = response["Content-Security-Policy"]
    csp = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    hsts = response["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production_settings):
    response = client.get("/en/news/")
    assert response.status_code == 301
    assert response.url == "https://testserver/en/news/"


@pytest.mark.django_db
def test_cookies_are_secure_http_only_and_same_site(client, production_settings):
    User.objects.create_user("reader@example.org", PASSWORD)
    client.get("/en/accounts/sign-in/", secure=True)
    client.post(
        "/en/accounts/sign-in/",
        {"username": "reader@example.org", "password": PASSWORD},
        secure=True,
    )
    assert {"csrftoken", "sessionid"} <= set(client.cookies)
    for name, cookie in client.cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused(client, make_article, settings):
    article = make_article()
    response = client.post(
        f"/en/news/{article.slug_en}/feedback/",
        {"helpful": "no", "comment": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code in (400, 413)
    assert "This request could not be understood" in response.text
    assert article.helpfulness_votes.count() == 0
