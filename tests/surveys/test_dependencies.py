"""Every dependency rule of the README's Architecture section, checked over every .py file of each
app (migrations included, imports inside functions included) and over committees' templates.

The apps depend one way: xishan_portal → surveys → funding, evaluations → committees.
"""

import ast
import pathlib
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROJECT = "xishan_portal"
# The apps each app may import (besides itself). No app imports xishan_portal, the wiring.
MAY_IMPORT = {
    "committees": set(),
    "funding": {"committees"},
    "evaluations": {"committees"},
    "surveys": {"committees", "funding", "evaluations"},
}
OURS = set(MAY_IMPORT) | {PROJECT}
# Demo builders: the modules that make demo or synthetic districts, and the commands that run them.
DEMO_MODULES = ("demo", "synthetic", "synthetic_province")


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: pathlib.Path) -> set[str]:
    """The absolute names of the modules a file imports, wherever the import is (a function's
    body included), relative imports resolved; for `from X import y`, both X and X.y (y may be
    a module), and the literal argument of importlib.import_module()."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module) if p)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def modules(app: str) -> list[pathlib.Path]:
    return sorted((ROOT / app).rglob("*.py"))


def app_of(module: str) -> str:
    return module.split(".")[0]


def is_demo_builder(path: pathlib.Path) -> bool:
    """A demo module (or a module of a demo package, such as committees/demo/) or a command."""
    return bool(set(path.relative_to(ROOT).with_suffix("").parts) & set(DEMO_MODULES)) or "commands" in path.parts


def test_the_resolver_sees_every_kind_of_import():
    found = imports(ROOT / "surveys" / "management" / "commands" / "load_demo.py")
    assert {"committees.demo", "surveys.demo", "committees.selectors"} <= found
    relative = imports(ROOT / "committees" / "views" / "imports.py")
    assert "committees.scoping" in relative and "committees.imports.uploads" in relative


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_imports_only_the_apps_below_it(app):
    wrong = [
        (path.relative_to(ROOT), module)
        for path in modules(app)
        for module in imports(path)
        if app_of(module) in OURS and app_of(module) not in MAY_IMPORT[app] | {app}
    ]
    assert not wrong


def test_surveys_reads_funding_and_evaluations_through_their_selectors_and_services():
    wrong = [
        (path.relative_to(ROOT), module)
        for path in modules("surveys")
        for module in imports(path)
        if app_of(module) in ("funding", "evaluations")
        and module.split(".")[1:2] not in (["selectors"], ["services"])
        and "migrations" not in path.parts
        # Demo builders compose each other's demo modules (test_only_demo_builders_import_a_demo_module).
        and not (is_demo_builder(path) and set(module.split(".")[1:2]) & set(DEMO_MODULES))
    ]
    assert not wrong


@pytest.mark.parametrize("app", sorted(OURS))
def test_no_module_imports_another_apps_views_or_management_commands(app):
    """Cross-app plumbing lives in modules named for it (committees/pagination.py, bench.py, …).
    xishan_portal's URLconf is the one exception: it wires views to URLs."""
    wrong = []
    for path in modules(app):
        if module_name(path) == f"{PROJECT}.urls":
            continue
        for module in imports(path):
            parts = module.split(".")
            if app_of(module) in OURS - {app} and ("views" in parts or "management" in parts):
                wrong.append((path.relative_to(ROOT), module))
    assert not wrong


@pytest.mark.parametrize("app", sorted(OURS))
def test_only_demo_builders_import_a_demo_module(app):
    """Demo builders (an app's demo.py, synthetic.py and management commands) may compose each
    other's demo modules; nothing else depends on demo data."""
    wrong = [
        (path.relative_to(ROOT), module)
        for path in modules(app)
        if not is_demo_builder(path)
        for module in imports(path)
        if app_of(module) in OURS and set(module.split(".")[1:]) & set(DEMO_MODULES)
    ]
    assert not wrong


def url_views(resolver: URLResolver, namespace: str = "") -> dict[str, str]:
    """Every URL name (with its namespace) → the module of its view."""
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(url_views(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            callback = pattern.callback
            view = getattr(callback, "view_class", callback)
            found[namespace + pattern.name] = view.__module__
    return found


URL_TAG = re.compile(r"""\{%\s*url\s+['"]([^'"]+)['"]""")


def test_committees_templates_name_only_committees_and_django_urls():
    """A link from committees' pages to another app's page comes from that app, registered in its
    AppConfig.ready() (committees/panels.py, committees/reference.py)."""
    views = url_views(get_resolver())
    named = {
        (path.relative_to(ROOT), name)
        for path in (ROOT / "templates" / "committees").rglob("*.html")
        for name in URL_TAG.findall(path.read_text())
    }
    assert named, "the pattern finds the {% url %} tags"
    wrong = [
        (path, name, views.get(name)) for path, name in named if app_of(views.get(name, "?")) in OURS - {"committees"}
    ]
    assert not wrong


@pytest.mark.parametrize(
    "path",
    [
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "surveys" / "spec").glob("*.py")),
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "surveys" / "validation").glob("*.py")),
        "surveys/excel.py",
        "committees/excel.py",
    ],
)
def test_the_pure_modules_import_no_models(path):
    found = imports(ROOT / path)
    assert not {m for m in found if m.split(".")[-1] == "models" or ".models." in m or m.startswith("django.db")}
