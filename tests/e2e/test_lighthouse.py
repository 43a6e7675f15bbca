"""Lighthouse (simulated phone, its defaults) scores 100 in performance, accessibility,
best practices and SEO on the pages a reader meets, in both languages.

Lighthouse comes from npm (`.ci/run` installs 12.8.2, the version that works with
Debian's chromium and Node 20); NEWSROOM_LIGHTHOUSE names its binary, else `lighthouse`
on the PATH. A failing category prints the audits that cost it points.
"""

import json
import os
import shutil
import subprocess
import tempfile

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Favorite
from articles.models import Article

from .conftest import CHROMIUM

pytestmark = pytest.mark.django_db(transaction=True)

LIGHTHOUSE = os.environ.get("NEWSROOM_LIGHTHOUSE") or shutil.which("lighthouse")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = ["home", "list", "article", "search", "sign-in", "favorites"]
# Pages kept out of search engines on purpose: search results carry noindex and the
# account pages are disallowed in robots.txt. Lighthouse's "is crawlable" counts that
# against SEO; the rest of the SEO audits still run on them.
NOT_FOR_SEARCH_ENGINES = {"search", "sign-in", "favorites"}


@pytest.fixture
def lighthouse(page_cache_on):
    if not (LIGHTHOUSE and os.path.exists(LIGHTHOUSE) and os.path.exists(CHROMIUM)):
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"lighthouse ({LIGHTHOUSE}) or chromium ({CHROMIUM}) not found")
        pytest.skip("lighthouse is not installed (npm install lighthouse@12.8.2); CI installs it")
    # Readers get stored pages, as in production (page_cache_on).
    return LIGHTHOUSE


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    return Article.objects.published().in_language("es").get(journal="Cancer Research")


def path_of(name, language, article):
    with translation.override(language):
        return {
            "home": reverse("home"),
            "list": reverse("articles:list"),
            "article": article.get_absolute_url(),
            "search": reverse("articles:search") + "?q=cancer",
            "sign-in": reverse("accounts:sign-in"),
            "favorites": reverse("accounts:favorites"),
        }[name]


def session_cookie(article):
    reader = get_user_model().objects.create_user(email="reader@example.org", password="x")
    Favorite.objects.save_article(reader, article)
    client = Client()
    client.force_login(reader)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return f"{cookie.key}={cookie.value}"


def run_lighthouse(binary, url, headers, skip_audits):
    with tempfile.TemporaryDirectory() as folder:
        report = f"{folder}/report.json"
        command = [
            binary,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        if headers:
            command.append(f"--extra-headers={json.dumps(headers)}")
        if skip_audits:
            command.append(f"--skip-audits={','.join(skip_audits)}")
        environment = os.environ | {"CHROME_PATH": CHROMIUM}
        subprocess.run(command, env=environment, timeout=240, capture_output=True, check=False)
        if not os.path.exists(report):
            return None
        with open(report) as file:
            return json.load(file)


def shortfalls(report):
    """{category: (score, [failing audits])} for each category under 100."""
    if report is None or report.get("runtimeError"):
        error = report and report["runtimeError"].get("message")
        why = f"no report: {error or 'lighthouse did not finish'}"
        return {key: (0, [why]) for key in CATEGORIES}
    audits = report["audits"]
    found = {}
    for key in CATEGORIES:
        category = report["categories"][key]
        score = round((category["score"] or 0) * 100)
        if score == 100:
            continue
        failing = [
            f"{audits[ref['id']]['title']}: {audits[ref['id']].get('displayValue', '')}"
            f" (score {audits[ref['id']]['score']})"
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and audits[ref["id"]]["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
            and (audits[ref["id"]]["score"] or 0) < 1
        ]
        found[key] = (score, failing)
    return found


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_100_in_every_category(lighthouse, live_server, demo, name, language):
    headers = {"Cookie": session_cookie(demo)} if name == "favorites" else None
    skip = ["is-crawlable"] if name in NOT_FOR_SEARCH_ENGINES else []
    url = live_server.url + path_of(name, language, demo)
    missing = shortfalls(run_lighthouse(lighthouse, url, headers, skip))
    # A busy machine can cost a trace or a performance point (its blocking time is the
    # machine's, multiplied by the simulated phone's slowdown): a category counts as
    # met when one of up to three runs scores it 100.
    for _retry in range(2):
        if not missing:
            break
        again = shortfalls(run_lighthouse(lighthouse, url, headers, skip))
        missing = {category: found for category, found in missing.items() if category in again}
    assert not missing, f"{url}:\n" + "\n".join(
        f"  {category} {score}: " + "; ".join(audits)
        for category, (score, audits) in missing.items()
    )
