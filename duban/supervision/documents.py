"""The supervision letter as a Word document, in the form of a government letter (公文).

Title, 文号, addressee, body citing the subject, the gap and the reply deadline, 落款 and date.
Every run carries an East Asian font name, or Word falls back to a Latin font for Chinese.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from duban.core.asof import Month
from duban.supervision.models import SupervisionLetter

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
NUMBER_FONT = "仿宋_GB2312"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _run(paragraph: object, text: str, *, font: str = BODY_FONT, size: float = 16,
         bold: bool = False) -> None:  # fmt: skip
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:ascii"), font)
    rfonts.set(qn("w:hAnsi"), font)


def body_paragraphs(letter: SupervisionLetter) -> list[str]:
    """The body text, also shown on the letter's page so both say the same thing."""
    subject = "项目" if letter.kind == "project" else "目标任务"
    return [
        f"根据{Month.parse(letter.light_month).label}重点项目和目标任务序时进度"
        f"监测，你单位负责的{subject}“{letter.subject_label}”进度滞后，已亮红灯。{letter.gap_text}",
        "请你单位高度重视，认真分析滞后原因，明确整改措施、责任人和完成时限，全力加快推进，"
        f"并于{chinese_date(letter.deadline)}前将整改情况书面回函（附佐证材料）。"
        "逾期未回函的，将按程序升级督办，并纳入专项行动考评。",
        "特此函告。",
    ]


def build_docx(letter: SupervisionLetter) -> bytes:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "督办函", font=TITLE_FONT, size=22, bold=True)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, letter.number, font=NUMBER_FONT)
    addressee = doc.add_paragraph()
    _run(addressee, f"{letter.unit.name}：")
    for text in body_paragraphs(letter):
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        _run(p, text)
    doc.add_paragraph()
    for text in (letter.issuer_name, chinese_date(letter.issued_on)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
