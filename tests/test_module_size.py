"""No module over LIMIT lines outside migrations and tests: past it, a module becomes a package of
modules by noun (committees/services/, committees/selectors/, surveys/spec/) whose __init__
re-exports its names. The modules still over the limit are listed with the reason; the list only
shrinks (a listed module that drops under the limit must leave it)."""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
LIMIT = 500
SKIPPED = {".venv", "node_modules", "tests", "migrations", "var", "static", "staticfiles", ".git"}

# Over the limit for now, each with why; remove an entry when its module is split or folded.
OVER_THE_LIMIT = {}


def line_counts() -> dict[str, int]:
    counts = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts[:-1]):
            continue
        counts[relative.as_posix()] = len(path.read_text(encoding="utf-8").splitlines())
    return counts


def test_the_walk_sees_the_project_modules():
    counts = line_counts()
    assert "committees/services/registry.py" in counts
    assert "surveys/spec/forms.py" in counts
    assert not [p for p in counts if p.startswith(("tests/", ".venv/")) or "/migrations/" in p]


def test_no_module_is_over_the_limit_unless_listed():
    over = {path: n for path, n in line_counts().items() if n > LIMIT and path not in OVER_THE_LIMIT}
    assert not over, f"split these by noun (or fold their long functions): {over}"


def test_every_listed_module_is_still_over_the_limit():
    counts = line_counts()
    stale = {path: counts.get(path) for path in OVER_THE_LIMIT if counts.get(path, 0) <= LIMIT}
    assert not stale, f"under the limit now (or gone): remove them from OVER_THE_LIMIT: {stale}"
