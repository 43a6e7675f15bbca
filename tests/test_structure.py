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


def test_newsroom_and_articles_do_not_import_each_other():
    # newsroom holds the site-wide pages (home, sitemaps), made of articles.
    assert "articles" in app_imports("newsroom")
    assert "newsroom" not in app_imports("articles")


def cycle_in(edges):
    """One cycle of the graph {node: nodes it points to}, as a path; None if it has none."""
    path, done = [], set()

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for other in sorted(edges[node]):
            if found := visit(other):
                return found
        path.pop()
        done.add(node)
        return None

    return next(filter(None, map(visit, sorted(edges))), None)


def test_the_cycle_finder_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_apps_depend_on_each_other_one_way():
    # Whatever app is changed, the apps below it need not be read: no import leads back.
    assert cycle_in({app: app_imports(app) for app in APPS}) is None


def test_no_template_tags_module_imports_views():
    # Template tags render parts of pages (through the page cache); a view is a page.
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in APPS
        for path in sources(app)
        if "templatetags" in path.parts
        for name in imports(path)
        if ".views" in f".{name}" or name.endswith("views")
    ]
    assert offenders == []


def test_each_admin_is_registered_once_and_never_replaced():
    # An app that unregisters another's admin to register its own hides where the page
    # is put together: newsroom/admin.py composes the admins made of several apps.
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in sources(app)
        if "admin.site.unregister" in path.read_text()
    ]
    assert offenders == []
