"""The apps depend one way: surveys → funding, evaluations → committees (STYLE.md)."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add("." + node.module)
    return found


def modules(app: str) -> list[pathlib.Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize(
    "app,forbidden", [("funding", ("evaluations", "surveys")), ("evaluations", ("funding", "surveys"))]
)
def test_funding_and_evaluations_import_neither_each_other_nor_surveys(app, forbidden):
    for path in modules(app):
        assert not {m for m in imports(path) if m.split(".")[0] in forbidden}, path


def test_surveys_reads_funding_and_evaluations_through_their_selectors():
    for path in modules("surveys"):
        for module in imports(path):
            if module.split(".")[0] in ("funding", "evaluations"):
                assert module.split(".")[1] in ("selectors", "services"), (path, module)


@pytest.mark.parametrize("name", ["spec.py", "validation.py"])
def test_the_pure_modules_import_no_models(name):
    found = imports(ROOT / "surveys" / name)
    assert not {m for m in found if m.endswith("models") or m.startswith("django.db")}, found
