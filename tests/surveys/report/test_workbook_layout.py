"""The demo's 2023 district workbook, written row by row with xlsxwriter, has the layout the
openpyxl builder gave it: the same sheets, merged ranges, column widths, row heights, frozen
panes, print setup, charts, and the same looks on as many cells (workbook_layout.json holds
that builder's layout of this workbook, as workbook_layout.layout reads it). A change to the
demo's data or to the layout on purpose regenerates the reference:
`layout(workbook.build(data))` dumped with json.dump(…, ensure_ascii=False, indent=1)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveys.report import workbook
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district
from tests.surveys.report.workbook_layout import layout

pytestmark = pytest.mark.usefixtures("demo")

REFERENCE = Path(__file__).with_name("workbook_layout.json")


@pytest.fixture(scope="module")
def built(demo_db, django_db_blocker) -> tuple[object, bytes]:
    with django_db_blocker.unblock():
        data = report_data_build(survey_round=round_for_year(2023), scope=district())
        return data, workbook.build(data)


def test_the_workbook_has_the_layout_of_the_openpyxl_builder(built):
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    found = json.loads(json.dumps(layout(built[1]), ensure_ascii=False))
    assert found["sheets"] == expected["sheets"]
    for sheet in expected["sheets"]:
        for fact, value in expected[sheet].items():
            assert found[sheet][fact] == value, (sheet, fact)


def test_the_layout_facts_that_matter_on_paper(built):
    book = load_workbook(io.BytesIO(built[1]))
    ws = book["表1 班子队伍"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:O1", "A2:O2", "A3:A4"} <= merged  # the title, the source line, a header down two rows
    assert ws.row_dimensions[3].height == 20 and ws.row_dimensions[4].height == 33  # fitted: above 30
    assert (ws["A1"].font.name, ws["A1"].font.sz) == ("黑体", 16)
    assert ws["A3"].fill.fgColor.rgb.endswith("DDE3EA") and ws["A3"].alignment.wrap_text
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$3:$4"
    assert book["汇总"].column_dimensions["B"].width == 40  # 44 asked, 40 at most
    assert len(book[workbook.CHARTS_SHEET]._charts) == 4


def test_it_writes_the_same_bytes_twice_with_the_runs_time_as_its_creation(built):
    data, first = built
    assert workbook.build(data) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f"{workbook._created(data):%Y-%m-%dT%H:%M:%SZ}" in core
