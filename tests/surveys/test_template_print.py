"""The template's 填表说明 prints as it reads: LibreOffice, printing the workbook, neither cuts a
long line at the page's edge nor sets a wrapped line over the next (each row is as tall as its
text, the sheet one page wide)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from committees.excel import INSTRUCTIONS_SHEET
from surveys.imports.template import survey_template
from tests import libreoffice
from tests.surveys import test_excel_plan

dg_round = test_excel_plan.dg_round  # a fixture: 东港's round of 2024


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_line_of_the_instructions_prints_in_full(xs, dg_round, tmp_path: Path):
    data = survey_template(dg_round, xs.dg)
    lines = [c.value for c in load_workbook(io.BytesIO(data))[INSTRUCTIONS_SHEET]["A"] if c.value]
    assert any(f"{dg_round.data_year}年度" in line for line in lines)  # which figures are of the data year
    path = tmp_path / "template.xlsx"
    path.write_bytes(data)
    pdf = libreoffice.convert(path, "pdf", tmp_path)
    text = compact(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout)
    for line in lines:
        assert compact(line) in text, line
