"""Lay out an `OfficialDocument` as .docx in the GB/T 9704-2012 format.

The page (A4, 37 mm top and 28 mm left margin, a 156 × 225 mm type area), the grid of 22
lines × 28 characters in 3号仿宋, the red 版头, the heading fonts, tables fitted to the type
area, the signature block, the 版记 on the foot of the last page and the "— 1 —" page
numbers on alternate sides are all decided here; generators only supply the wording.
Section numbers in comments refer to the standard.
"""

from __future__ import annotations

import copy
import io
import itertools
from typing import Any, cast

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from duban.core.officialdoc import ooxml
from duban.core.officialdoc.charts import png_size_mm
from duban.core.officialdoc.gbt9704 import (
    BODY_CONDENSE_TWENTIETHS,
    BODY_SIZE,
    IMPRINT_SIZE,
    LINE_PITCH_TWIPS,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH_MM,
    RED,
    SIZES,
    TEXT_WIDTH_MM,
    TEXT_WIDTH_PT,
    TITLE_SIZE,
    TWIPS_PER_PT,
    WORD_FALLBACK,
    Font,
    mm_to_twips,
)
from duban.core.officialdoc.spec import (
    Align,
    Chart,
    Heading,
    Imprint,
    Layout,
    OfficialDocument,
    Paragraph,
    Table,
    chinese_date,
    heading_labels,
)
from duban.core.officialdoc.tables import CELL_PADDING_PT, fit_columns, text_em

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
CHAR = round(BODY_SIZE * TWIPS_PER_PT)  # one 3号 character, in twips (字)
# Headings by level (7.3.3): 黑体, 楷体, then 仿宋.
HEADING_FONTS = {1: Font.HEADING_1, 2: Font.HEADING_2, 3: Font.BODY, 4: Font.BODY}
# Rules (7.2.6, 7.4.1, 10.1): thickness in 1/8 pt.
RED_RULE = 12  # 版头 separator, 1.5 pt
THICK_RULE = 8  # 版记 first and last rule, 0.35 mm ≈ 1 pt
THIN_RULE = 6  # 版记 middle rule, 0.25 mm ≈ 0.75 pt
# The page number's dashes sit 7 mm below the type area (7.5): its line's foot lies this far
# above the bottom edge. Footers stand on a lower base (the 信函格式 needs its rule 20 mm from
# the bottom edge in the first page's footer); the page number is lifted by its space after.
PAGE_NUMBER_FOOT_MM = MARGIN_BOTTOM_MM - 7 - 3.6  # the dashes sit 3.6 mm above the line's foot
FOOTER_BASE_MM = 19.5
# 信函格式 (10.1): mark 30 mm from the top edge, double rules 170 mm long, the lower one 20 mm
# from the bottom edge (on the footer base); the first page has no page number.
LETTER_MARK_TOP_MM = 30.0
LETTER_RULE_OVERHANG_MM = (170 - TEXT_WIDTH_MM) / 2


def render_docx(spec: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    _prepare(document)
    section = document.sections[0]
    _page(section)
    _page_numbers(section, spec.layout)
    writer = _Writer(document, spec)
    writer.write()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- document-wide settings ---------------------------------------------------------------------


def _prepare(document: Any) -> None:
    """Defaults every paragraph inherits: 3号仿宋 (Times New Roman for digits), Chinese line
    breaking, fixed 28.95 pt lines; odd and even pages with their own footers; the Chinese
    faces in the font table with fallbacks."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # drop the theme fonts (Calibri/MS Mincho)
    for attr, value in (("ascii", Font.LATIN), ("hAnsi", Font.LATIN),
                        ("eastAsia", Font.BODY), ("cs", Font.LATIN)):  # fmt: skip
        fonts.set(qn(f"w:{attr}"), value)
    ooxml.child(rpr, "w:sz", val=str(round(BODY_SIZE * 2)))
    ooxml.child(rpr, "w:lang", val="en-US", eastAsia="zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    normal.font.name = Font.LATIN
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), Font.BODY)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False  # the grid: 22 lines a page, never 21 to save a widow
    ppr = normal.element.get_or_add_pPr()
    ooxml.child(ppr, "w:autoSpaceDE", val="0")  # 2021年, not 2021 年
    ooxml.child(ppr, "w:autoSpaceDN", val="0")
    ooxml.child(ppr, "w:spacing", line=str(LINE_PITCH_TWIPS), lineRule="exact")
    document.settings.odd_and_even_pages_header_footer = True
    ooxml.font_table_entries(document, WORD_FALLBACK)


def _page(section: Any) -> None:
    """A4 portrait, the margins of 5.2 (天头 37 mm, 订口 28 mm), the 22 × 28 grid."""
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_BASE_MM)
    ooxml.section_grid(section, line_pitch=LINE_PITCH_TWIPS)


def _page_numbers(section: Any, layout: Layout) -> None:
    """Page numbers (7.5): 4号 半角宋体 digits between em dashes, "— 1 —"; odd pages on the
    right leaving one character, even pages on the left leaving one character."""
    indent = round(PAGE_NUMBER_SIZE * TWIPS_PER_PT)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        ooxml.chinese_line_rules(p)
        p.alignment = _ALIGN[Align.RIGHT if align == "right" else Align.LEFT]
        ooxml.no_snap_to_grid(p)
        ooxml.set_line_exact(p, round(PAGE_NUMBER_SIZE * 1.3 * TWIPS_PER_PT))
        p.paragraph_format.space_after = Mm(PAGE_NUMBER_FOOT_MM - FOOTER_BASE_MM)
        ooxml.set_indent(p, left=indent if align == "left" else 0,
                         right=indent if align == "right" else 0)  # fmt: skip
        _text(p, "— ", Font.PAGE_NUMBER, PAGE_NUMBER_SIZE, latin=Font.PAGE_NUMBER)
        ooxml.add_field(p, "PAGE", east_asia=Font.PAGE_NUMBER, latin=Font.PAGE_NUMBER,
                        size_pt=PAGE_NUMBER_SIZE)  # fmt: skip
        _text(p, " —", Font.PAGE_NUMBER, PAGE_NUMBER_SIZE, latin=Font.PAGE_NUMBER)
    if layout == Layout.LETTER:
        section.different_first_page_header_footer = True


def _new(container: Any) -> Any:
    """A paragraph with the Chinese line rules of `ooxml.chinese_line_rules`."""
    p = container.add_paragraph()
    ooxml.chinese_line_rules(p)
    return p


def _text(paragraph: Any, text: str, font: str, size: float, *, latin: str = Font.LATIN,
          bold: bool = False, color: str | None = None) -> Any:  # fmt: skip
    run = paragraph.add_run(text)
    ooxml.set_run_fonts(run, font, latin)
    run.font.size = Pt(size)
    if size == BODY_SIZE:
        ooxml.condense(run, BODY_CONDENSE_TWENTIETHS)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


# --- the document -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: Any, spec: OfficialDocument) -> None:
        self.doc = document
        self.spec = spec

    def write(self) -> None:
        spec = self.spec
        if spec.layout == Layout.LETTER:
            self._letterhead()
        else:
            self._masthead()
        self._title()
        if spec.addressee:
            addressee = (
                spec.addressee if spec.addressee.endswith(("：", ":")) else (spec.addressee + "：")
            )
            p = self._para(addressee, indent=False, align=Align.JUSTIFY)
            p.paragraph_format.keep_with_next = True
        for block, label in zip(spec.body, heading_labels(spec.body), strict=True):
            self._block(block, label)
        if spec.closing:
            self._para(spec.closing)
        self._attachments()
        self._signature()
        if spec.imprint is not None:
            self._imprint(spec.imprint)

    # -- building blocks -------------------------------------------------------------------------

    def _para(self, text: str, *, indent: bool = True, align: Align = Align.JUSTIFY,
              font: str = Font.BODY, size: float = BODY_SIZE) -> Any:  # fmt: skip
        p = _new(self.doc)
        p.alignment = _ALIGN[align]
        ooxml.set_line_exact(p, LINE_PITCH_TWIPS)
        if indent:
            ooxml.set_indent(p, first_line=2 * CHAR, first_line_chars=200)
        if text:
            _text(p, text, font, size)
        return p

    def _blank(self, lines: int = 1) -> None:
        """空N行: empty lines of the grid."""
        for _ in range(lines):
            self._para("", indent=False)

    def _masthead(self) -> None:
        """版头 of the 文件格式 (7.2): the red 发文机关标志 35 mm below the top of the type area,
        two lines below it the 发文字号, 4 mm below that a red rule as wide as the type area."""
        spec = self.spec
        size = _mark_size(spec.issuer_mark)
        mark = _new(self.doc)
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.no_snap_to_grid(mark)
        line = round(size * 1.2 * TWIPS_PER_PT)
        ooxml.set_line_exact(mark, line)
        # The first line box starts at the top of the type area; the glyphs' top edge lies
        # about a tenth of the size below the top of a 1.2 × size line box.
        ooxml.set_space_before(mark, mm_to_twips(35) - round(size * 0.12 * TWIPS_PER_PT))
        _text(mark, spec.issuer_mark, Font.TITLE, size, latin=Font.TITLE, color=RED)
        self._blank(2)
        number = self._para(spec.number, indent=False, align=Align.CENTER)
        ooxml.no_snap_to_grid(number)
        # 4 mm from the foot of the characters: the 28.95 pt line leaves ~4 pt below them.
        ooxml.paragraph_border(number, "bottom", style="single", size=RED_RULE, color=RED,
                               space=round(4 * 72 / 25.4 - 4))  # fmt: skip
        self._blank(2)

    def _letterhead(self) -> None:
        """版头 of the 信函格式 (10.1), in the first page's header: the red 发文机关标志 30 mm
        from the top edge, a red double rule (thick over thin) 4 mm below it, 170 mm long; a
        red double rule (thin over thick) 20 mm from the bottom edge; no page number on the
        first page. The 发文字号 stands flush right on the first line below the rule."""
        spec = self.spec
        section = self.doc.sections[0]
        size = _mark_size(spec.issuer_mark)
        header = section.first_page_header
        header.is_linked_to_previous = False
        section.header_distance = Mm(LETTER_MARK_TOP_MM) - Pt(size * 0.12)
        mark = header.paragraphs[0]
        ooxml.chinese_line_rules(mark)
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.no_snap_to_grid(mark)
        ooxml.set_line_exact(mark, round(size * 1.2 * TWIPS_PER_PT))
        overhang = mm_to_twips(LETTER_RULE_OVERHANG_MM)
        ooxml.set_indent(mark, left=-overhang, right=-overhang)
        _text(mark, spec.issuer_mark, Font.TITLE, size, latin=Font.TITLE, color=RED)
        ooxml.paragraph_border(mark, "bottom", style="thickThinSmallGap", size=24, color=RED,
                               space=round(4 * 72 / 25.4 - size * 0.1))  # fmt: skip
        # The lower rule: the top border of an empty 1 pt line standing on the footer base.
        footer = section.first_page_footer
        footer.is_linked_to_previous = False
        rule = footer.paragraphs[0]
        ooxml.no_snap_to_grid(rule)
        ooxml.set_line_exact(rule, 20)
        ooxml.set_indent(rule, left=-overhang, right=-overhang)
        ooxml.paragraph_border(rule, "top", style="thinThickSmallGap", size=24, color=RED)
        number = self._para(spec.number, indent=False, align=Align.RIGHT)
        ooxml.no_snap_to_grid(number)

    def _title(self) -> None:
        """标题 (7.3.3): 2号小标宋, centred; one line left empty below it."""
        p = _new(self.doc)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.set_line_exact(p, round(TITLE_SIZE * 1.5 * TWIPS_PER_PT))
        ooxml.no_snap_to_grid(p)
        p.paragraph_format.keep_with_next = True
        for i, line in enumerate(title_lines(self.spec.title)):
            if i:
                p.add_run().add_break()
            _text(p, line, Font.TITLE, TITLE_SIZE, latin=Font.TITLE)
        self._blank(1)

    def _block(self, block: Any, label: str) -> None:
        if isinstance(block, Paragraph):
            p = self._para(block.text, indent=block.indent, align=block.align)
            if block.keep_with_next:
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Heading):
            self._heading(block, label)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Chart):
            self._chart(block)
        else:  # pragma: no cover - the spec's Block union is closed
            raise TypeError(f"unknown block {block!r}")

    def _heading(self, heading: Heading, label: str) -> None:
        p = self._para("", indent=True)
        _text(p, label, HEADING_FONTS[heading.level], BODY_SIZE)
        p.paragraph_format.keep_with_next = True

    def _small(self, text: str, *, align: Align, font: str = Font.BODY,
               size: float = SIZES["四号"]) -> Any:  # fmt: skip
        p = _new(self.doc)
        p.alignment = _ALIGN[align]
        ooxml.no_snap_to_grid(p)
        ooxml.set_line_exact(p, round(size * 1.6 * TWIPS_PER_PT))
        _text(p, text, font, size)
        return p

    def _table(self, table: Table) -> None:
        """A table as wide as the type area, columns from `fit_columns`. The caption (表题) is
        the table's first row and repeats with the column headings on every page the table
        runs over, so a caption can never stand alone at the foot of a page.

        Cells are stamped from one prototype paragraph and one set of cell properties per
        column (copies of XML), not built property by property: a 120-row ranking table is
        1,300 cells, and python-docx's per-property insertion made that seconds."""
        columns = list(table.columns)
        header = [c.label for c in columns]
        rows = [list(r) for r in table.rows]
        fit = fit_columns(header, rows, [c.numeric for c in columns], TEXT_WIDTH_PT)
        widths = [round(w * TWIPS_PER_PT) for w in fit.widths_pt]
        widths[-1] -= sum(widths) - round(TEXT_WIDTH_PT * TWIPS_PER_PT)  # rounding
        head_rows = 2 if table.caption else 1
        grid = self.doc.add_table(rows=head_rows + len(rows), cols=len(columns))
        ooxml.table_grid_borders(grid)
        ooxml.table_fixed(grid, widths, cell_margin_twips=round(CELL_PADDING_PT * TWIPS_PER_PT))
        line = round(fit.size * 1.3 * TWIPS_PER_PT)
        if table.caption:
            caption = grid.rows[0].cells[0].merge(grid.rows[0].cells[-1])
            ooxml.cell_borders(caption, top=("nil", 0), left=("nil", 0), right=("nil", 0))
            p = caption.paragraphs[0]
            ooxml.chinese_line_rules(p)
            ooxml.no_snap_to_grid(p)
            ooxml.set_line_exact(p, round(SIZES["四号"] * 1.6 * TWIPS_PER_PT))
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(p, table.caption, Font.HEADING_1, SIZES["四号"])
            ooxml.repeat_header(grid.rows[0])
            ooxml.cant_split(grid.rows[0])
        stamp = _CellStamp(fit.size, line)
        for r, values in enumerate([header, *rows]):
            tr = grid._tbl.tr_lst[head_rows - 1 + r]
            ooxml.stamp_row(tr, repeat=r == 0)
            for c, (tc, text) in enumerate(zip(tr.tc_lst, values, strict=True)):
                heading = r == 0
                numeric = columns[c].numeric and not heading
                align = Align.CENTER if heading else columns[c].cell_align
                font = Font.HEADING_1 if heading else Font.BODY
                stamp.fill(tc, text, width=widths[c], no_wrap=numeric, align=align, font=font)
        if table.note:
            self._small(table.note, align=Align.LEFT)
        else:
            # Word joins two tables that touch; an empty 1 pt paragraph keeps them apart.
            spacer = _new(self.doc)
            ooxml.no_snap_to_grid(spacer)
            ooxml.set_line_exact(spacer, round(SIZES["五号"] * TWIPS_PER_PT))

    def _chart(self, chart: Chart) -> None:
        width_mm, height_mm = png_size_mm(chart.png)
        target_w = min(chart.width_mm or TEXT_WIDTH_MM, TEXT_WIDTH_MM)
        p = _new(self.doc)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.no_snap_to_grid(p)
        ooxml.set_line_auto(p)
        p.add_run().add_picture(
            io.BytesIO(chart.png), width=Mm(target_w), height=Mm(height_mm * target_w / width_mm)
        )
        if chart.caption:
            p.paragraph_format.keep_with_next = True
            self._small(chart.caption, align=Align.CENTER)

    def _attachments(self) -> None:
        """附件说明 (7.3.4): one empty line, then 附件： indented two characters; several are
        numbered 1. 2. and aligned under the first name."""
        names = list(self.spec.attachments)
        if not names:
            return
        self._blank(1)
        if len(names) == 1:
            self._para(f"附件：{names[0]}")
            return
        for i, name in enumerate(names, start=1):
            p = self._para(("附件：" if i == 1 else "") + f"{i}. {name}", indent=False)
            ooxml.set_indent(p, left=(5 if i > 1 else 2) * CHAR)

    def _signature(self) -> None:
        """发文机关署名 and 成文日期 without a seal (7.3.5.2): one line below the text, the
        issuer two characters from the right; the date on the next line, its first character
        two characters right of the issuer's first; a longer date keeps two characters from
        the right and pushes the issuer left."""
        spec = self.spec
        if not spec.signature and spec.date is None:
            return
        # 7.3.5.4: the signature and date never stand on a page without text. The last
        # paragraph of the text and the blank line travel with them to the next page.
        children = [el for el in self.doc.element.body if el.tag != qn("w:sectPr")]
        if children and children[-1].tag == qn("w:p"):
            DocxParagraph(children[-1], self.doc._body).paragraph_format.keep_with_next = True
        self._para("", indent=False).paragraph_format.keep_with_next = True
        date_text = chinese_date(spec.date) if spec.date else ""
        sig_w, date_w = text_em(spec.signature), text_em(date_text)
        if date_w + 2 >= sig_w:
            date_right, sig_right = 2.0, date_w - sig_w + 4
        else:
            sig_right, date_right = 2.0, sig_w - date_w
        for text, right, keep in (
            (spec.signature, sig_right, True),
            (date_text, date_right, False),
        ):
            if not text:
                continue
            p = self._para(text, indent=False, align=Align.RIGHT)
            ooxml.set_indent(p, right=round(right * CHAR))
            p.paragraph_format.keep_with_next = keep  # the issuer never parts from its date

    def _imprint(self, imprint: Imprint) -> None:
        """版记 (7.4): 4号仿宋; a thick rule, 抄送 (left and right one character, wrapped lines
        aligned after the colon, ending with 。), a thin rule, 印发机关 one character from the
        left and 印发日期 one from the right followed by 印发, a thick rule lying on the bottom
        edge of the type area. The 信函格式 has 抄送 only, without rules (10.1)."""
        letter = self.spec.layout == Layout.LETTER
        rows: list[tuple[str, str]] = []
        if imprint.cc:
            rows.append(("cc", "抄送：" + "，".join(imprint.cc).rstrip("。") + "。"))
        if imprint.printer and not letter:
            day = f"{chinese_date(imprint.printed_on)}印发" if imprint.printed_on else ""
            rows.append(("print", f"{imprint.printer}\t{day}"))
        if not rows:
            return
        width = round(TEXT_WIDTH_PT * TWIPS_PER_PT)
        one = round(IMPRINT_SIZE * TWIPS_PER_PT)
        table = self.doc.add_table(rows=len(rows), cols=1)
        ooxml.table_no_borders(table)
        ooxml.table_fixed(table, [width], cell_margin_twips=0)
        ooxml.table_float_to_bottom(table, left_twips=mm_to_twips(MARGIN_LEFT_MM))
        for i, (kind, text) in enumerate(rows):
            cell = table.rows[i].cells[0]
            ooxml.child(cell._tc.get_or_add_tcPr(), "w:tcW", w=str(width), type="dxa")
            first, last = i == 0, i == len(rows) - 1
            if not letter:
                ooxml.cell_borders(
                    cell,
                    top=("single", THICK_RULE) if first else ("nil", 0),
                    bottom=("single", THICK_RULE if last else THIN_RULE),
                )
            p = cell.paragraphs[0]
            ooxml.chinese_line_rules(p)
            ooxml.no_snap_to_grid(p)
            ooxml.set_line_exact(p, LINE_PITCH_TWIPS)
            if kind == "cc":
                ooxml.set_indent(p, left=4 * one, right=one, first_line=-3 * one)
            else:
                ooxml.set_indent(p, left=one, right=one)
                p.paragraph_format.tab_stops.add_tab_stop(
                    Pt((width - one) / TWIPS_PER_PT), WD_TAB_ALIGNMENT.RIGHT
                )
            _text(p, text, Font.BODY, IMPRINT_SIZE)
        # The floating table needs a paragraph to anchor to; it is kept one point high.
        anchor = _new(self.doc)
        ooxml.no_snap_to_grid(anchor)
        ooxml.set_line_exact(anchor, 20)


# Where a title may be broken: after these words (7.3.3 asks for lines that keep words whole
# and are balanced, 梯形或菱形). Word endings that close a phrase come first.
_TITLE_BREAKS = ("关于", "年", "月", "季度", "项目", "工作", "情况", "进度", "问题", "方案",
                 "意见", "办法", "加快", "推进")  # fmt: skip
_TITLE_LINE_EM = TEXT_WIDTH_PT / TITLE_SIZE * 0.96  # 20 characters, a little to spare


def _title_em(text: str) -> float:
    """Width of title text in em, counting the gap LibreOffice always leaves between Chinese
    and digits (it ignores Word's autoSpace setting)."""
    gaps = sum(1 for a, b in itertools.pairwise(text) if a.isascii() != b.isascii())
    return text_em(text) + 0.25 * gaps


def title_lines(title: str) -> list[str]:
    """The title in lines of at most one type-area width, broken after a whole word so that
    the lines are as even as possible (a lone last character is never left on a line)."""
    if _title_em(title) <= _TITLE_LINE_EM or len(title) < 4:
        return [title]
    candidates = sorted(
        {i + len(w) for w in _TITLE_BREAKS for i in _find_all(title, w)} - {len(title)}
    )
    best: tuple[float, int] | None = None
    for cut in candidates or range(2, len(title) - 1):
        a, b = title[:cut], title[cut:]
        if max(_title_em(a), _title_em(b)) > _TITLE_LINE_EM or len(b) < 2:
            continue
        score = abs(_title_em(a) - _title_em(b))
        if best is None or score < best[0]:
            best = (score, cut)
    if best is not None:
        return [title[: best[1]], title[best[1] :]]
    # Longer than two lines: the longest first line that ends after a word, then the rest.
    fitting = [c for c in candidates if _title_em(title[:c]) <= _TITLE_LINE_EM]
    cut = max(fitting, default=0)
    if cut < 2:
        cut = max(k for k in range(1, len(title)) if _title_em(title[:k]) <= _TITLE_LINE_EM)
    return [title[:cut], *title_lines(title[cut:])]


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


class _CellStamp:
    """Table cells made from prototypes: one paragraph (alignment, line, fonts, size) and one
    set of cell properties (width, no-wrap, vertical centring) per kind of cell, copied."""

    def __init__(self, size: float, line: int) -> None:
        self.size = size
        self.line = line
        self._paragraphs: dict[tuple[Align, str], Any] = {}
        self._properties: dict[tuple[int, bool], Any] = {}

    def _paragraph(self, align: Align, font: str) -> Any:
        key = (align, font)
        if key not in self._paragraphs:
            # A detached prototype: text runs need no story part (only pictures would).
            p = DocxParagraph(OxmlElement("w:p"), cast(Any, None))
            ooxml.chinese_line_rules(p)
            p.alignment = _ALIGN[align]
            ooxml.no_snap_to_grid(p)
            ooxml.set_line_exact(p, self.line)
            _text(p, "0", font, self.size)  # the text is replaced in each copy
            self._paragraphs[key] = p._p
        return self._paragraphs[key]

    def _cell_properties(self, width: int, no_wrap: bool) -> Any:
        key = (width, no_wrap)
        if key not in self._properties:
            tcpr = OxmlElement("w:tcPr")
            ooxml.child(tcpr, "w:tcW", w=str(width), type="dxa")
            if no_wrap:
                ooxml.child(tcpr, "w:noWrap")
            ooxml.child(tcpr, "w:vAlign", val="center")
            self._properties[key] = tcpr
        return self._properties[key]

    def fill(self, tc: Any, text: str, *, width: int, no_wrap: bool, align: Align,
             font: str) -> None:  # fmt: skip
        for old in list(tc):
            tc.remove(old)
        tc.append(copy.deepcopy(self._cell_properties(width, no_wrap)))
        p = copy.deepcopy(self._paragraph(align, font))
        tc.append(p)
        parts = text.split("\n")
        run = p.find(qn("w:r"))
        run.find(qn("w:t")).text = parts[0]
        for part in parts[1:]:  # a line break inside a cell: another run after a break
            extra = copy.deepcopy(run)
            extra.find(qn("w:t")).text = part
            br = OxmlElement("w:br")
            extra.find(qn("w:t")).addprevious(br)
            p.append(extra)


def _mark_size(text: str) -> float:
    """发文机关标志: 小初 where it fits on one line of the type area, smaller when longer."""
    width = text_em(text) or 1
    return float(min(SIZES["小初"], int(TEXT_WIDTH_PT * 0.94 / width)))
