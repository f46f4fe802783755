"""The Word draft of the district report (python-docx), pure: ReportData in, .docx bytes out.

It follows the seed report (seed/xishan-research-report-2024.txt): a title and a preface, then
一、实践和成效 ((一) 队伍建设 … (五) 品牌打造), 二、问题和不足 (one part per problem rule that
fired), 三、对策和建议 (the recommendations answering those problems), and an appendix table of
the key indicators. The sentences are written from the figures; the staff finish the wording in
Word. `draft(report)` is the narrative as data, shared with the HTML report.

The narrative (its parts and chapters, and the figures as the text writes them) is in
`surveys.report.narrative`; this module lays it out as a document.
"""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from surveys.report.data import ReportData, report_day, summary_lines
from surveys.report.narrative import change_text, chinese_date, draft, figure

# The document -------------------------------------------------------------------------------

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
PART_FONT = "楷体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), name)


def _paragraph(
    doc, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False, indent: bool = True, align=None
):
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        para.alignment = align
    _font(para.add_run(text), font, size, bold=bold)
    return para


def _page_numbers(section) -> None:
    """ "— 1 —" centred in the footer: a PAGE field, as government documents number pages."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run("— "), BODY_FONT, 14)
    run = para.add_run()
    _font(run, BODY_FONT, 14)
    for tag, text in (("w:fldChar", "begin"), ("w:instrText", "PAGE"), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), text)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(para.add_run(" —"), BODY_FONT, 14)


APPENDIX_SIZE = 10.5  # pt, 五号
CELL_MARGINS = Cm(0.19) * 2  # Word's and LibreOffice's default left and right cell margins
CELL_SLACK = Cm(0.1)  # room for rounding and the borders, so that the longest text keeps to one line


def text_width(text: str) -> int:
    """A text's width in half-em units (its longest line's): CJK (and the ambiguous, e.g. “”,
    which a Chinese font sets full-width) count two, the rest one."""
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line) for line in text.split("\n"))


def column_widths(columns: list[list[str]], size: float, available: int) -> list[int]:
    """The widths (EMU) of a table's columns from their longest text at `size` pt, so that none
    wraps; the room left within `available` goes to the columns after the first (the figures).
    Where even the longest texts do not fit, every column gives up its share."""
    half_em = Pt(size) / 2
    needed = [max(text_width(t) for t in texts) * half_em + CELL_MARGINS + CELL_SLACK for texts in columns]
    total = sum(needed)
    if total > available:
        widths = [w * available / total for w in needed]
    else:
        spare = (available - total) / max(len(needed) - 1, 1)
        widths = [w + (spare if i else 0) for i, w in enumerate(needed)]
    return [Twips(int(w // Twips(1))) for w in widths]  # whole twips, as the file keeps them


def _fixed_widths(table, widths: list[int]) -> None:
    """The widths as Word (each cell's tcW) and LibreOffice (the grid) read them, laid out fixed."""
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _header_row(row) -> None:
    """The header row repeated at the top of every page the table runs onto (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _cell(cell, text: str, font: str, align) -> None:
    """A table cell's text at the appendix's size; its paragraph mark too, so that an empty cell
    (a share has no unit) is no taller than the others."""
    cell.text = ""
    para = cell.paragraphs[0]
    para.alignment = align
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(int(APPENDIX_SIZE * 2)))
        mark.append(size)
    para._p.get_or_add_pPr().append(mark)
    _font(para.add_run(text), font, APPENDIX_SIZE)


def _appendix(doc, report: ReportData) -> None:
    doc.add_page_break()
    _paragraph(doc, "附表：主要指标", font=HEADING_FONT, size=16, indent=False)
    headers = (
        "指标",
        "单位",
        f"{report.year}年\n调查",
        f"{report.year - 1}年\n调查",
        "增减",
    )  # a line break: the names keep the room
    rows = [
        (label, unit, figure(kind, value), figure(kind, previous), change_text(kind, change))
        for label, unit, value, previous, change, kind in summary_lines(report)
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, HEADING_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    _header_row(table.rows[0])
    for texts in rows:
        for i, (cell, text) in enumerate(zip(table.add_row().cells, texts, strict=True)):
            _cell(cell, text, BODY_FONT, WD_ALIGN_PARAGRAPH.RIGHT if i >= 2 else None)
    section = doc.sections[-1]
    available = section.page_width - section.left_margin - section.right_margin
    columns = [[header, *(row[i] for row in rows)] for i, header in enumerate(headers)]
    _fixed_widths(table, column_widths(columns, APPENDIX_SIZE, available))


def build(report: ReportData) -> bytes:
    """The Word draft as .docx bytes."""
    text = draft(report)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_numbers(section)
    doc.core_properties.title = text.title
    doc.core_properties.author = report.scope_name

    _paragraph(doc, text.title, font=TITLE_FONT, size=22, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, text.subtitle, font=PART_FONT, size=16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for notice in text.notices:
        _paragraph(doc, notice, font=PART_FONT, size=14, bold=True, indent=False)
    for para in text.preface:
        _paragraph(doc, para)
    for chapter in text.chapters:
        _paragraph(doc, chapter.title, font=HEADING_FONT)
        _paragraph(doc, chapter.intro)
        for part in chapter.parts:
            _paragraph(doc, part.heading, font=PART_FONT, bold=True)
            for para in part.paragraphs:
                _paragraph(doc, para)
    _paragraph(
        doc,
        f"{report.scope_name}　{chinese_date(report_day(report))}",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    _appendix(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
