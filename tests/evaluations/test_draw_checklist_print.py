"""The spot-check checklist printed: LibreOffice converts it to PDF, and each village's sheet comes
out on one A4 page with its title, keys, every item and the blanks to fill (a copy of the PDF and
its first page as a picture go to the test artefacts, for people to look at)."""

from __future__ import annotations

import datetime
import shutil
import subprocess

from evaluations.draw_import import checklist_download
from evaluations.draw_services import draw_make
from evaluations.selectors import item_names, standard_in_force
from tests import libreoffice
from tests.browser.helpers import artefacts_dir


def test_each_village_prints_on_one_page_with_every_item(xs, tmp_path):
    year = datetime.date.today().year
    draw = draw_make(actor=xs.staff, committee=xs.district, year=year, method="count", amount=1, seed=3)
    source = tmp_path / "checklist.xlsx"
    source.write_bytes(checklist_download(draw))
    pdf = libreoffice.convert(source, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = [page for page in text.split("\f") if page.strip()]
    sheets = pages[:2]  # two towns, one village each; then the instructions
    assert len(pages) == 3, text
    for page, code in zip(sheets, sorted({v["town_code"] for v in draw.frame}), strict=True):
        assert "抽查检查表" in page and f"{code}V0" in page
        for label in ("单位编码", "检查日期", "检查人员", "总体结果", "主要问题", "检查结果", "备注"):
            assert label in page
        for name in item_names(standard_in_force(datetime.date(year, 12, 31))):
            assert name in page
    assert "填写实际检查的日期" in pages[2]
    where = artefacts_dir() / "draws"
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, where / "checklist.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(where / "checklist-page")], check=True
    )
