"""The demo's 2023 round for the district: the workbook's every 合计 and 小计 is what the
database adds up from the approved rows, LibreOffice converts the workbook to PDF, and the Word
draft's sentences carry the fixed indicators' figures (the README's table of keys)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.db.models import Count, DecimalField, IntegerField, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from openpyxl import load_workbook

from surveys.models import State, SubmissionRow, SurveyRound
from surveys.report import docx as report_docx
from surveys.report import form_sheets, workbook
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year, round_specs, sum_field
from surveys.spec import Aggregate, FieldType, RowKind, SectionSpec
from tests import libreoffice
from tests.surveys.report.conftest import district, town
from tests.surveys.report.sheets import form_headers, table_rows

pytestmark = pytest.mark.usefixtures("demo")

YEAR = 2023
CENT = Decimal("0.01")


@dataclass(frozen=True)
class DemoFiles:
    xlsx: bytes
    docx: bytes


@pytest.fixture(scope="module")
def files(demo_db, django_db_blocker) -> DemoFiles:
    """The district's 2023 workbook and Word draft, built once for the module."""
    with django_db_blocker.unblock():
        data = report_data_build(survey_round=round_for_year(YEAR), scope=district())
        return DemoFiles(xlsx=workbook.build(data), docx=report_docx.build(data))


def number(value) -> Decimal:
    """A cell as read back by openpyxl (int or float) as a Decimal with 2 places."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(str(value)).quantize(CENT)


def approved(survey_round: SurveyRound, section: SectionSpec):
    return SubmissionRow.objects.filter(
        submission__survey_round=survey_round,
        submission__state=State.APPROVED,
        submission__form=section.form,
        section=section.section,
    )


def sums_by_town(survey_round: SurveyRound, section: SectionSpec) -> dict[str, dict[str, Decimal]]:
    """Each town's sums of the section's summed fields and its number of rows ("rows"),
    computed by the database (one query)."""
    cast = {FieldType.INT: IntegerField(), FieldType.DECIMAL: DecimalField(max_digits=14, decimal_places=2)}
    fields = [f for f in section.fields if f.aggregate == Aggregate.SUM]
    sums = {f.key: Sum(Cast(KT(f"values__{f.key}"), output_field=cast[f.type])) for f in fields}
    rows = approved(survey_round, section).values("submission__town__name").annotate(rows_n=Count("id"), **sums)
    return {
        row["submission__town__name"]: {
            "rows": row["rows_n"],
            **{f.key: Decimal(row[f.key] or 0).quantize(CENT) for f in fields},
        }
        for row in rows
    }


def sheet_rows(ws) -> list[tuple]:
    return table_rows(ws)


def test_every_total_is_the_databases_sum_of_the_approved_rows(files):
    survey_round = round_for_year(YEAR)
    book = load_workbook(io.BytesIO(files.xlsx))
    checked = 0
    for spec in round_specs(survey_round):
        for section in spec.sections:
            ws = book[section.sheet]
            assert form_headers(ws) == form_sheets.column_headers(section)
            total = sheet_rows(ws)[-1]
            assert total[0] == "合计", section.sheet
            for index, f in enumerate(section.fields):
                if f.aggregate != Aggregate.SUM:
                    continue
                expected = Decimal(sum_field(survey_round, spec.number, f.key, section=section.section)).quantize(CENT)
                assert number(total[index]) == expected, (section.sheet, f.header)
                checked += 1
    assert checked >= 40  # every numeric column of the eight sheets


def test_every_subtotal_is_the_databases_sum_for_its_town(files):
    survey_round = round_for_year(YEAR)
    book = load_workbook(io.BytesIO(files.xlsx))
    checked = 0
    for spec in round_specs(survey_round):
        for section in spec.sections:
            rows = sheet_rows(book[section.sheet])
            by_town = sums_by_town(survey_round, section)
            summed = [(i, f) for i, f in enumerate(section.fields) if f.aggregate == Aggregate.SUM]
            if section.row_kind == RowKind.TOWN:
                # One row per town: the row is the town's subtotal (column B is its name).
                assert not [r for r in rows if r[0] == "小计"], section.sheet
                lines = {r[1]: r for r in rows[:-1]}
                assert set(lines) == set(by_town), section.sheet
            else:
                # A 小计 after each town of several rows; a town of one row is its own.
                lines = {r[1]: r for r in rows if r[0] == "小计"}
                assert set(lines) == {name for name, sums in by_town.items() if sums["rows"] > 1}, section.sheet
            for name, line in lines.items():
                for index, f in summed:
                    assert number(line[index]) == by_town[name][f.key], (section.sheet, name, f.header)
                    checked += 1
    assert checked > 9 * 40


def test_the_appendix_names_the_demos_exception_village(files):
    book = load_workbook(io.BytesIO(files.xlsx))
    rows = [tuple(v for v in r if v is not None) for r in book["附表"].iter_rows(values_only=True)]
    assert (1, "华城社区关工委", "XS05V13", "是") in rows
    assert rows[-1] == ("无",)  # every form of every town approved: none left out


def test_libreoffice_converts_the_workbook_to_pdf(files, tmp_path: Path):
    source = tmp_path / "report-2023-XS.xlsx"
    source.write_bytes(files.xlsx)
    pdf = libreoffice.convert(source, "pdf", tmp_path)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    # The summary, eight form sheets, the problems and the charts: more than one page.
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", content)) > 10


@pytest.mark.parametrize(
    "figures",
    [
        r"全区128个村（社区），有127个村（社区）关工委由“五老”担任常务副主任，占99\.2%",
        r"4名为退二线领导，4名为退休领导，1名为退休校长，平均年龄59岁",
        r"全区组建各类志愿者团队59个",
        r"骨干层368人",
        r"参与层“五老”志愿者达3,?450人",
        r"累计已有42个村（社区）创办了“一站多点”",
        r"捐资助学金额达到334\.82万元",
        r"全区39所中小学关工委",
        r"404家企业建立了关工委组织",
        r"其中建成“五有五好”关工委74家",
        r"全区128个村（社区），已有128个建成“五有五好”关工委",
        r"（华城社区关工委）常务副主任不是“五老”，但配备了“五老”副主任",
        r"70至80岁的占(?:[6-9]\d|100)(?:\.\d)?%",  # backbone_age_70_80_share above 0.6
    ],
)
def test_the_word_drafts_sentences_carry_the_figures(files, figures):
    document = docx.Document(io.BytesIO(files.docx))
    text = "\n".join(p.text for p in document.paragraphs)
    assert re.search(figures, text), f"{figures!r} is not in the draft:\n{text}"


def test_a_towns_own_draft_speaks_of_the_town_not_the_district():
    data = report_data_build(survey_round=round_for_year(YEAR), scope=town("XS01"))
    draft = report_docx.draft(data)
    chapters = [chapter.intro for chapter in draft.chapters]
    chapters += [p for chapter in draft.chapters for part in chapter.parts for p in part.paragraphs]
    text = "\n".join([*draft.preface, *chapters])

    assert "全区" not in text
    assert "东港镇关工委依据本级及所辖20个村（社区）填报" in text
    assert "全镇20个村（社区），有20个村（社区）关工委由“五老”担任常务副主任" in text
    assert re.search(r"一是配强镇（街道）关工委班子。东港镇关工委班子成员\d+名，主任由在职党（工）委副书记兼任", text)
    assert "东港镇已把关工委工作列入对基层党政组织的考核" in text
    assert "1个镇（街道）（" not in text  # the aging problem does not name the town as one of several
