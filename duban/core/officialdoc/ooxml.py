"""Small OOXML helpers for what python-docx has no API for: East Asian fonts on a run, borders,
grid snapping, exact line heights, no-wrap cells, repeated header rows, floating tables,
fields, the font table and the section's document grid.

Each helper sets one property the way Word writes it, so Word and LibreOffice read it alike.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from duban.core.officialdoc.gbt9704 import Font

Element = Any  # an lxml element of python-docx's oxml tree


# Word refuses a file whose property elements are out of the schema's order, so every child
# is inserted at its place in these sequences (ECMA-376 CT_PPr, CT_TcPr, CT_TblPr).
_ORDER: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
    "w:tcPr": (
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ),
    "w:tblPr": (
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ),
    "w:rPr": (
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ),
    "w:pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "w:tcBorders": (
        "top",
        "start",
        "left",
        "bottom",
        "end",
        "right",
        "insideH",
        "insideV",
        "tl2br",
        "tr2bl",
    ),
    "w:tblBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV"),
    "w:tblCellMar": ("top", "start", "left", "bottom", "end", "right"),
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _local(element: Element) -> str:
    return str(element.tag).replace(_W, "")


def child(parent: Element, tag: str, **attrs: str) -> Element:
    """The child `tag` of parent, created at its schema position when missing; attrs set."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        order = _ORDER.get("w:" + _local(parent))
        name = tag.split(":", 1)[1]
        if order is not None and name in order:
            later = set(order[order.index(name) + 1 :])
            successor = next((c for c in parent if _local(c) in later), None)
            if successor is not None:
                successor.addprevious(found)
            else:
                parent.append(found)
        else:
            parent.append(found)
    for key, value in attrs.items():
        found.set(qn(f"w:{key}"), value)
    return found


def set_run_fonts(run: Any, east_asia: str, latin: str = Font.LATIN) -> None:
    """Name the Chinese face (eastAsia) and the face for digits and Latin letters (ascii,
    hAnsi). The eastAsia hint makes Word set ambiguous marks (“” — …) in the Chinese face."""
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr, value in (
        ("ascii", latin),
        ("hAnsi", latin),
        ("eastAsia", east_asia),
        ("cs", latin),
        ("hint", "eastAsia"),
    ):
        fonts.set(qn(f"w:{attr}"), value)


def set_line_exact(paragraph: Any, twips: int) -> None:
    """A fixed line height (固定值): the grid of 22 lines holds whatever the content."""
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:spacing", before="0", after="0", line=str(twips), lineRule="exact")


def set_line_auto(paragraph: Any) -> None:
    """Single spacing that grows with the content (pictures need it: a fixed line clips)."""
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:spacing", before="0", after="0", line="240", lineRule="auto")


def set_space_before(paragraph: Any, twips: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:spacing", before=str(twips))


def no_snap_to_grid(paragraph: Any) -> None:
    """Keep a paragraph (table cell, picture, page number) off the body's character grid."""
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:snapToGrid", val="0")


def set_indent(
    paragraph: Any,
    *,
    left: int = 0,
    right: int = 0,
    first_line: int = 0,
    first_line_chars: int | None = None,
) -> None:
    """Indents in twips; a negative first_line is a hanging indent. `first_line_chars` (in
    1/100 character) lets Word keep "左空二字" exact on its character grid."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = child(ppr, "w:ind", left=str(left), right=str(right))
    if first_line >= 0:
        ind.set(qn("w:firstLine"), str(first_line))
        if first_line_chars is not None:
            ind.set(qn("w:firstLineChars"), str(first_line_chars))
    else:
        ind.set(qn("w:hanging"), str(-first_line))


def paragraph_border(paragraph: Any, side: str, *, style: str, size: int, color: str,
                     space: int = 0) -> None:  # fmt: skip
    """A rule above or below a paragraph, as wide as its indents allow; size in 1/8 pt,
    space (distance from the text) in points."""
    borders = child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    child(borders, f"w:{side}", val=style, sz=str(size), space=str(space), color=color)


def keep_with_next(paragraph: Any) -> None:
    paragraph.paragraph_format.keep_with_next = True


def add_field(paragraph: Any, instruction: str, *, east_asia: str, latin: str, size_pt: float,
              placeholder: str = "1") -> None:  # fmt: skip
    """A field (PAGE …) as Word writes it: begin, instruction, separate, result, end."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("result", placeholder), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        set_run_fonts(run, east_asia, latin)
        run.font.size = Pt(size_pt)
        if kind in ("begin", "separate", "end"):
            run._element.append(_el("w:fldChar", fldCharType=kind))
        elif kind == "instr":
            instr = _el("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {text} "
            run._element.append(instr)
        else:
            run.add_text(text or "")


def _el(tag: str, **attrs: str) -> Element:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def cell_no_wrap(cell: Any) -> None:
    child(cell._tc.get_or_add_tcPr(), "w:noWrap")


def cell_vertical_center(cell: Any) -> None:
    child(cell._tc.get_or_add_tcPr(), "w:vAlign", val="center")


def cell_borders(cell: Any, **sides: tuple[str, int]) -> None:
    """Borders of one cell: side=(style, size in 1/8 pt); style "nil" removes a side."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = child(tcpr, "w:tcBorders")
    for side, (style, size) in sides.items():
        child(borders, f"w:{side}", val=style, sz=str(size), space="0", color="000000")


def repeat_header(row: Any) -> None:
    """The row repeats at the top of every page the table runs over (标题行重复)."""
    child(row._tr.get_or_add_trPr(), "w:tblHeader")


def cant_split(row: Any) -> None:
    child(row._tr.get_or_add_trPr(), "w:cantSplit")


def stamp_row(tr: Any, *, repeat: bool) -> None:
    """A row that never splits across pages and, for the heading row, repeats on each."""
    trpr = tr.get_or_add_trPr()
    child(trpr, "w:cantSplit")
    if repeat:
        child(trpr, "w:tblHeader")


def table_fixed(table: Any, widths_twips: list[int], *, cell_margin_twips: int) -> None:
    """Fixed layout with the given column widths: neither Word's autofit nor LibreOffice
    may resize the columns, so a number that fits its column stays on one line. (The cells'
    own widths are set where the cells are made.)"""
    tblpr = table._tbl.tblPr
    child(tblpr, "w:tblW", w=str(sum(widths_twips)), type="dxa")
    child(tblpr, "w:jc", val="center")
    child(tblpr, "w:tblLayout", type="fixed")
    margins = child(tblpr, "w:tblCellMar")
    for side in ("left", "right"):
        child(margins, f"w:{side}", w=str(cell_margin_twips), type="dxa")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_twips, strict=True):
        col.set(qn("w:w"), str(width))


def table_float_to_bottom(table: Any, *, left_twips: int) -> None:
    """Anchor a table to the foot of the type area (版记: its last rule lies on the bottom
    edge of the type area, GB/T 9704-2012 §7.4.1), its left edge `left_twips` from the page's
    left edge. Placed horizontally against the page, not the margin: LibreOffice keeps a
    floating table as wide as the type area inline (nothing could wrap beside it), and only
    one measured against the page becomes the frame that stands on the bottom margin."""
    tblpr = table._tbl.tblPr
    child(
        tblpr,
        "w:tblpPr",
        leftFromText="0",
        rightFromText="0",
        topFromText="0",
        bottomFromText="0",
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=str(left_twips),
        tblpYSpec="bottom",
    )
    child(tblpr, "w:tblOverlap", val="never")


def table_no_borders(table: Any) -> None:
    borders = child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        child(borders, f"w:{side}", val="nil")


def table_grid_borders(table: Any, size: int = 4) -> None:
    borders = child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        child(borders, f"w:{side}", val="single", sz=str(size), space="0", color="000000")


def section_grid(section: Any, *, line_pitch: int) -> None:
    """The line grid (文档网格, 指定行网格): 22 lines to the type area.

    Only lines: LibreOffice lays a character grid out by whole cells, and a 16 pt character
    in a 15.79 pt cell takes two, so a "28 characters" grid prints 14. The 28 characters a
    line come from the body runs' condensed spacing instead (`BODY_CONDENSE_TWENTIETHS`),
    which Word and LibreOffice both apply alike."""
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:docGrid")):
        sectpr.remove(old)
    sectpr.append(_el("w:docGrid", type="lines", linePitch=str(line_pitch)))


def condense(run: Any, twentieths_pt: int) -> None:
    """Character spacing (字符间距): negative condenses."""
    ooxml_rpr = run._element.get_or_add_rPr()
    child(ooxml_rpr, "w:spacing", val=str(twentieths_pt))


def chinese_line_rules(paragraph: Any) -> None:
    """How a Chinese paragraph breaks its lines, set on the paragraph itself (LibreOffice
    ignores these in styles):

    - no extra gap between Chinese and digits (2021年, not 2021 年), as 公文 are set; Word
      honours autoSpaceDE/DN, LibreOffice ignores them;
    - punctuation does not hang past the right edge: LibreOffice reads overflowPunct="1" as
      "no hanging punctuation" and otherwise lets a 。 at a line's end hang where its PDF
      export drops it (the full stop vanishes); the 。 then moves to the next line with the
      character before it, as Chinese line breaking wants."""
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:overflowPunct", val="1")
    child(ppr, "w:autoSpaceDE", val="0")
    child(ppr, "w:autoSpaceDN", val="0")


def font_table_entries(document: Any, fallbacks: dict[str, str]) -> None:
    """Declare the Chinese faces in the font table with charset GB2312 and an altName, so a
    PC without 仿宋_GB2312 or 方正小标宋简体 substitutes the nearest face it has (仿宋, 宋体)
    instead of a Latin one."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in fallbacks.items():
        if name in present:
            continue
        font = _el("w:font", name=name)
        font.append(_el("w:altName", val=alt))
        font.append(_el("w:charset", val="86"))
        font.append(_el("w:family", val="modern" if "仿宋" in name or "楷" in name else "roman"))
        font.append(_el("w:pitch", val="variable"))
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
