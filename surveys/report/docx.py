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

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

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


def _appendix(doc, report: ReportData) -> None:
    doc.add_page_break()
    _paragraph(doc, "附表：主要指标", font=HEADING_FONT, size=16, indent=False)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ("指标", "单位", f"{report.year}年调查", f"{report.year - 1}年调查", "增减")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for label, unit, value, previous, change, kind in summary_lines(report):
        cells = table.add_row().cells
        texts = (label, unit, figure(kind, value), figure(kind, previous), change_text(kind, change))
        for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.text = ""
            para = cell.paragraphs[0]
            if i >= 2:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(para.add_run(text), BODY_FONT, 10.5)


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
