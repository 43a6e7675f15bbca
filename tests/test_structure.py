"""How the apps depend on each other, read from the source: no database needed."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "articles", "digests", "feedback", "newsroom", "pagecache", "recommendations"]


def imports(path):
    """The modules `path` imports, at its top or inside a function, absolute names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return names


def sources(app, migrations=False):
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if ("migrations" in path.parts) == migrations
    ]


def imported_apps(path):
    return {name.split(".")[0] for name in imports(path)} & set(APPS)


@pytest.mark.parametrize("app", ["accounts", "articles", "feedback", "recommendations"])
def test_no_migration_imports_the_projects_code(app):
    # A migration is history: what it does must not change when the code does.
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_apps(path))}"
        for path in sources(app, migrations=True)
        if imported_apps(path)
    ]
    assert offenders == []


def test_no_app_imports_another_apps_views():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in APPS
        for path in sources(app)
        for name in imports(path)
        if name.split(".")[0] in APPS
        and name.split(".")[0] != app
        and ".views" in f".{name.partition('.')[2]}"
    ]
    assert offenders == []


def app_imports(app):
    return {name for path in sources(app) for name in imported_apps(path)} - {app}


@pytest.mark.xfail(
    strict=True,
    reason="articles imports newsroom.clients for the reader's address (promo clicks)",
)
def test_newsroom_and_articles_do_not_import_each_other():
    # newsroom holds the site-wide pages (home, sitemaps), made of articles.
    assert "articles" in app_imports("newsroom")
    assert "newsroom" not in app_imports("articles")
