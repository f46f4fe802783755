"""Uploaded workbooks have one door, committees.xlsx_open.open_workbook: its checks (size, a zip
that is an xlsx, cells that can be stored) hold only if nothing else parses a workbook. This scans
the code for every other way of reading one; the few that read a workbook the portal has just
built itself (not an upload) are listed, by function, with the reason."""

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = ("committees", "surveys", "funding", "evaluations", "xishan_portal")
# What reads a workbook: openpyxl's loaders and reader, and the other libraries that could.
READERS = {"load_workbook", "ExcelReader", "read_excel", "open_workbook_xls", "import_set"}
DOOR = Path("committees/xlsx_open.py")
# Reads of a workbook that is not an upload, each by (file, function).
NOT_UPLOADS = {
    # adds the hidden meta sheet and the comments to the template build_workbook has just made
    ("surveys/excel.py", "_with_meta"),
    # the benchmark's baseline reads the workbook the benchmark has just built
    ("committees/management/commands/bench_import.py", "run_baseline"),
    ("funding/management/commands/bench_fund_import.py", "run_baseline"),
}


def _readers_used(path: Path) -> set[tuple[str, str]]:
    """(function, reader) for every name of READERS the file imports, calls or reads as an attribute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.alias):
            name = node.name.rsplit(".", 1)[-1]  # what is imported, whatever it is called here
        if name in READERS:
            found.add((function, name))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def _workbook_reads() -> set[tuple[str, str]]:
    """(file, function) of every read of a workbook outside the door, imports counted at <module>."""
    reads = set()
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            relative = path.relative_to(BASE)
            if "migrations" in relative.parts or relative == DOOR:
                continue
            reads |= {(str(relative), function) for function, _name in _readers_used(path)}
    return reads


def test_no_code_but_xlsx_open_reads_an_uploaded_workbook():
    reads = _workbook_reads()
    module_imports = {(file, "<module>") for file, _function in NOT_UPLOADS}

    assert reads - NOT_UPLOADS - module_imports == set()
    assert NOT_UPLOADS <= reads  # the list stays current: a read that went away leaves it


def test_the_scan_finds_a_read_hidden_in_an_upload_path(tmp_path):
    path = tmp_path / "upload.py"
    path.write_text("import openpyxl as xl\n\ndef read(data):\n    return xl.load_workbook(data)\n", encoding="utf-8")

    assert _readers_used(path) == {("read", "load_workbook")}
