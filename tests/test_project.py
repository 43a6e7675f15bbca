"""The project's own contract: settings from the environment, migrations, translations."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/es/LC_MESSAGES/django.po"


def run_django(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"} | env,
        capture_output=True,
        text=True,
    )


def test_without_debug_a_missing_secret_key_stops_the_process_naming_it():
    result = run_django("print('started')")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)"
    assert run_django(code, DJANGO_SECRET_KEY="x").stdout.split() == ["False", "True"]
    assert run_django(code, DJANGO_DEBUG="1").stdout.split() == ["True", "False"]


@pytest.mark.parametrize("value", ["1", "true", "Yes", " on ", "0", "false", "NO", "off", ""])
def test_a_boolean_setting_accepts_the_usual_words_in_any_case(value):
    code = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)"
    result = run_django(code, DJANGO_SECRET_KEY="x", DJANGO_SECURE_SSL=value)
    expected = value.strip().lower() in {"1", "true", "yes", "on", ""}  # empty: the default
    assert result.stdout.split() == [str(expected)], result.stderr


@pytest.mark.parametrize("name", ["DJANGO_DEBUG", "DJANGO_SECURE_SSL", "EMAIL_USE_TLS"])
def test_a_mistyped_boolean_setting_stops_the_process_naming_it(name):
    """DJANGO_SECURE_SSL=flase would have turned off HTTPS, HSTS and secure cookies."""
    result = run_django("print('started')", DJANGO_SECRET_KEY="x", **{name: "flase"})
    assert result.returncode != 0 and "started" not in result.stdout
    assert f"{name}='flase'" in result.stderr
    assert "1, true, yes, on" in result.stderr and "0, false, no, off" in result.stderr


@pytest.mark.parametrize("name", ["DJANGO_PROXY_COUNT", "EMAIL_PORT"])
@pytest.mark.parametrize("value", ["one", "-1", "1.5", "2 proxies"])
def test_a_setting_that_is_not_a_whole_number_stops_the_process_naming_it(name, value):
    result = run_django("print('started')", DJANGO_SECRET_KEY="x", **{name: value})
    assert result.returncode != 0 and "started" not in result.stdout
    assert f"{name}={value!r}" in result.stderr
    assert "a whole number" in result.stderr


def test_whole_number_settings_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.PROXY_COUNT, settings.MAILERS['default']['OPTIONS']['port'])"
    )
    result = run_django(code, DJANGO_SECRET_KEY="x", DJANGO_PROXY_COUNT=" 2 ", EMAIL_PORT="587")
    assert result.stdout.split() == ["2", "587"], result.stderr
    assert run_django(code, DJANGO_SECRET_KEY="x").stdout.split() == ["0", "25"]


def test_production_serves_static_files_by_their_hashed_names():
    """The tests use plain names (tests/settings.py); the site itself keeps the manifest."""
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = run_django(code, DJANGO_SECRET_KEY="x")
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_database_and_hosts_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'], settings.ALLOWED_HOSTS)"
    )
    result = run_django(
        code,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://u:p@db.example:5432/newsroom",
        DJANGO_ALLOWED_HOSTS="news.example.org, www.news.example.org",
    )
    assert result.stdout.strip() == "newsroom ['news.example.org', 'www.news.example.org']"


def test_an_empty_database_url_means_the_sqlite_default():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = run_django(code, DJANGO_DEBUG="1", DATABASE_URL="")
    assert result.stdout.strip() == str(ROOT / "db.sqlite3"), result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_spanish_catalogue_is_complete_and_compiled(tmp_path):
    """Every interface string in the code is in the catalogue, translated and compiled."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(".*", "staticfiles", "__pycache__", "*.sqlite3*")
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "es", "--no-obsolete"],
        cwd=copy,
        env=os.environ | {"DJANGO_DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", copy / CATALOGUE.relative_to(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics

    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, CATALOGUE], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), (
        "django.mo is not the compiled django.po: run `make messages`."
    )


@pytest.mark.django_db
def test_healthz_needs_no_language_prefix(client):
    assert client.get("/healthz").status_code == 200
