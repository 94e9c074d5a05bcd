"""The .docx follows GB/T 9704-2012: page, grid, fonts, 版头, headings, tables, page numbers,
signature and 版记, in both the 文件格式 and the 信函格式."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from duban.core.officialdoc import Heading, Table, render_docx
from duban.core.officialdoc.gbt9704 import Font
from duban.core.officialdoc.tables import text_em
from duban.core.officialdoc.tests.samples import letter, long_file
from duban.core.officialdoc.writer import CHAR, title_lines


@pytest.fixture(scope="module")
def doc() -> Any:
    return Document(io.BytesIO(render_docx(long_file(chart=False))))


def _fonts(run: Any) -> dict[str, str]:
    rfonts = run._element.rPr.find(qn("w:rFonts"))
    return {k: rfonts.get(qn(f"w:{k}")) for k in ("eastAsia", "ascii")}


def _paragraph(doc: Any, text: str, *, exact: bool = False) -> Any:
    return next(p for p in doc.paragraphs if (p.text == text if exact else p.text.startswith(text)))


def test_a4_with_the_standard_margins_and_type_area(doc: Any) -> None:
    s = doc.sections[0]
    mm = pytest.approx  # stored in twips: 1/20 pt
    assert (s.page_width.mm, s.page_height.mm) == (mm(210, abs=0.02), mm(297, abs=0.02))
    assert (s.top_margin.mm, s.left_margin.mm) == (mm(37, abs=0.02), mm(28, abs=0.02))
    emu_per_mm = 36000
    assert (s.page_width - s.left_margin - s.right_margin) / emu_per_mm == mm(156, abs=0.02)
    assert (s.page_height - s.top_margin - s.bottom_margin) / emu_per_mm == mm(225, abs=0.02)


def test_the_body_grid_is_22_lines_of_28_characters_in_3hao_fangsong(doc: Any) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm ÷ 22
    p = _paragraph(doc, "根据专项行动考评办法")
    assert p.paragraph_format.line_spacing == Pt(579 / 20)
    run = p.runs[0]
    assert run.font.size == Pt(16)
    assert _fonts(run) == {"eastAsia": "仿宋_GB2312", "ascii": "Times New Roman"}
    # 28 characters of 16 pt condensed by 0.25 pt fit the 156 mm line (441 ≤ 442.2 pt).
    assert run._element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert p.paragraph_format.first_line_indent == Pt(32)  # 左空二字


def test_the_red_masthead_and_the_document_number(doc: Any) -> None:
    mark = doc.paragraphs[0]
    assert mark.text == "福州市鼓楼区发展和改革局文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert _fonts(mark.runs[0])["eastAsia"] == Font.TITLE
    number = _paragraph(doc, "鼓发改〔2021〕15号")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:val"))) == ("FF0000", "single")


def test_the_title_is_2hao_xiaobiaosong_on_balanced_lines(doc: Any) -> None:
    title = _paragraph(doc, "关于2021年第3季度")
    assert title.text == "关于2021年第3季度\n重点项目考评情况的通报"
    assert {r.font.size for r in title.runs if r.text.strip()} == {Pt(22)}
    assert _fonts(title.runs[0])["eastAsia"] == "方正小标宋简体"


def test_titles_break_after_whole_words_and_never_leave_one_character() -> None:
    assert title_lines("关于2021年9月重点项目考评情况的通报") == [
        "关于2021年9月重点项目考评情况的通报"
    ]
    for title in ("关于2021年第3季度重点项目考评情况的通报",
                  "关于加快推进鼓楼区某某大道综合管廊建设工程项目的督办函"):  # fmt: skip
        lines = title_lines(title)
        assert "".join(lines) == title and len(lines) > 1
        assert min(len(line) for line in lines) >= 2


def test_headings_are_numbered_by_level_in_heiti_kaiti_and_fangsong(doc: Any) -> None:
    expected = {"一、各组考评得分及排名": "黑体", "（一）街镇组": "楷体_GB2312",
                "二、下一步工作": "黑体", "（一）压实责任": "楷体_GB2312",
                "1.逐项对账": "仿宋_GB2312", "（二）强化调度": "楷体_GB2312"}  # fmt: skip
    for text, font in expected.items():
        assert _fonts(_paragraph(doc, text).runs[0])["eastAsia"] == font


def test_tables_have_fixed_columns_no_wrap_numbers_and_repeated_headings(doc: Any) -> None:
    table = doc.tables[0]
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid) == 8844  # 156 mm
    caption, header, first = table.rows[0], table.rows[1], table.rows[2]
    assert caption.cells[0].text == "表1　街镇组考评得分及排名"
    for row in (caption, header):
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert first._tr.trPr.find(qn("w:tblHeader")) is None
    total = first.cells[-1]
    assert total._tc.tcPr.find(qn("w:noWrap")) is not None
    assert first.cells[1]._tc.tcPr.find(qn("w:noWrap")) is None  # the unit name may wrap


def test_page_numbers_are_dashed_4hao_songti_odd_right_even_left(doc: Any) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = doc.sections[0].footer.paragraphs[0], doc.sections[0].even_page_footer.paragraphs[0]
    for p, align in ((odd, "right"), (even, "left")):
        xml = p._p.xml
        assert "PAGE" in xml and p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment.name.lower() == align
        assert {r.font.size for r in p.runs} == {Pt(14)}
        assert _fonts(p.runs[0])["eastAsia"] == "宋体"
    assert odd.paragraph_format.right_indent == Pt(14)  # 空一字
    assert even.paragraph_format.left_indent == Pt(14)


def test_the_date_starts_two_characters_right_of_the_issuer(doc: Any) -> None:
    issuer = _paragraph(doc, "福州市鼓楼区发展和改革局", exact=True)
    date = _paragraph(doc, "2021年10月15日", exact=True)
    width = 28 * CHAR  # right-aligned: the left edge is the right indent plus the text

    def left(p: Any) -> float:
        return width - p.paragraph_format.right_indent.twips - text_em(p.text) * CHAR

    assert left(date) - left(issuer) == pytest.approx(2 * CHAR, abs=2)  # twips rounding
    assert (
        min(issuer.paragraph_format.right_indent.twips, date.paragraph_format.right_indent.twips)
        == 2 * CHAR
    )


def test_the_imprint_floats_to_the_foot_of_the_type_area(doc: Any) -> None:
    imprint = doc.tables[-1]
    position = imprint._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom"
    assert position.get(qn("w:vertAnchor")) == "margin"
    cc, printed = (row.cells[0].text for row in imprint.rows)
    assert cc == "抄送：区委办公室，区人大常委会办公室，区政府办公室，区政协办公室。"
    assert printed == "福州市鼓楼区发展和改革局办公室\t2021年10月15日印发"


def test_missing_government_fonts_fall_back_to_what_a_pc_has(doc: Any) -> None:
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    xml = part.blob.decode()
    assert 'w:name="仿宋_GB2312"' in xml and 'w:val="仿宋"' in xml
    assert 'w:name="方正小标宋简体"' in xml and 'w:charset w:val="86"' in xml


def test_the_letter_format_puts_the_issuer_between_red_double_rules() -> None:
    doc = Document(io.BytesIO(render_docx(letter())))
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # no page number on the first page
    mark = section.first_page_header.paragraphs[0]
    assert mark.text == "鼓楼区发展和改革局"
    rule = mark._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "thickThinSmallGap"
    lower = section.first_page_footer.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert lower.get(qn("w:val")) == "thinThickSmallGap"
    number = doc.paragraphs[0]
    assert number.text == "鼓楼督〔2021〕3号" and number.alignment.name == "RIGHT"


def test_the_building_blocks_refuse_what_the_standard_has_no_place_for() -> None:
    with pytest.raises(ValueError):
        Heading("五级标题", level=5)
    with pytest.raises(ValueError):
        Table([], [["一列"]])
