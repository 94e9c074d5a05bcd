"""What a reader must know about a sheet before it trusts the values: how far the sheet really
extends, which cells hold a formula and which an error constant (E2, E4).

calamine loads a whole sheet into a dense grid and reports a formula cell by its cached result,
so two things are found here, from the sheet itself, before calamine reads it:

* the extent, so that a sheet whose cells lie far apart (A1 and XFD1048576) is refused instead
  of becoming a grid of seventeen billion cells; the `<dimension>` element is only a claim and
  was checked in `safety`, this is what the cells say;
* the formula cells (flagged, never trusted: "不采信公式") and the error constants (#N/A …),
  which calamine reads as empty but openpyxl read as their text; the reader puts the text back
  so an error cell is reported as a bad value, never silently blank.

For an .xlsx sheet part: a byte scan first. A sheet written the usual way (every `<row>` and
`<c>` with its `r` attribute first, no `<f>`, no `t="e"`, no namespace prefix) is measured by
two regular-expression searches and nothing more. Any other sheet gets an expat pass that
numbers rows and columns exactly as openpyxl and calamine do (the `r` attribute where present,
else counting on) and refuses DOCTYPE/ENTITY declarations outright (as defusedxml would), on
top of the same refusal in `safety.inspect_file` (E3): no entity is ever expanded.
The .xls and .ods scans (biff.py, ods.py) fill the same `CellScan`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from defusedxml.ElementTree import fromstring
from openpyxl.utils.cell import coordinate_to_tuple

from duban.transfer.limits import FileRefused, Limits, check_size, column_index

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_IDS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
# Byte strings whose presence sends a sheet to the full pass: an <f> element (checked by the
# regular expression only when "<f" is there at all), an error cell, a namespace prefix on rows
# or cells (":c", ":row", found by `_prefixed`). Plain `in` tests run at C speed; a false alarm
# (the text "a:c " inside a string) only costs the exact pass, it never skips a cell.
_F_TAG_RE = re.compile(rb"<f[\s/>]")
_ERROR_MARKS = (b't="e"', b"t='e'")
# Past this many colons in a chunk the prefix marks are searched for directly.
_FEW_COLONS = 64
_ROW_R_RE = re.compile(rb'<row r="(\d+)"')
_CELL_LETTERS_RE = re.compile(rb'<c r="([A-Z]{1,3})\d')
_CELL_ROWS_RE = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')
_CHUNK = 1 << 20
# A sheet may repeat one formula cell over many cells (an ODS row repeated thousands of times);
# past this many the file is refused rather than kept as a set of millions of positions.
MAX_FORMULA_CELLS = 100_000


@dataclass(frozen=True)
class SheetPart:
    """A sheet listed in xl/workbook.xml: its name, its part and whether it is a visible
    worksheet (hidden sheets and chart sheets hold no data to import)."""

    name: str
    path: str
    visible: bool


def sheet_parts(archive: zipfile.ZipFile) -> list[SheetPart]:
    """Every sheet of an .xlsx in workbook order (the order calamine lists them in)."""
    workbook = fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = []
    for sheet in workbook.iter():
        if sheet.tag not in (f"{{{MAIN_NS}}}sheet", f"{{{STRICT_NS}}}sheet"):
            continue
        rel_id = next((sheet.get(a) for a in REL_IDS if sheet.get(a)), None)
        target = targets.get(rel_id, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        path = posixpath.normpath(path)
        visible = sheet.get("state", "visible") == "visible" and "worksheets/" in path
        parts.append(SheetPart(name=sheet.get("name", ""), path=path, visible=visible))
    return parts


@dataclass
class CellScan:
    """A sheet's extent (rows × columns, 1-based, as the reader will see them), its formula
    cells and its error constants, each at (row, column)."""

    rows: int = 0
    cols: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    def reach(self, row: int, col: int, limits: Limits, where: str) -> None:
        """Grow the extent to (row, col), refusing the file the moment it passes the caps."""
        if row > self.rows or col > self.cols:
            self.rows, self.cols = max(self.rows, row), max(self.cols, col)
            check_size(self.rows, self.cols, limits, where)

    def formula(self, row: int, col: int, where: str) -> None:
        self.formulas.add((row, col))
        if len(self.formulas) > MAX_FORMULA_CELLS:
            raise FileRefused(
                "too_many_formulas",
                f"工作表“{where}”公式单元格过多（超过 {MAX_FORMULA_CELLS} 个），"
                "请复制后“粘贴为数值”再导入",
            )


def scan_sheet(
    archive: zipfile.ZipFile, part: str, limits: Limits, where: str | None = None
) -> CellScan:
    """Extent, formula cells and error constants of the .xlsx sheet `part` (E2, E4)."""
    where = where or part
    scan = _fast_scan(archive, part, limits, where)
    return scan if scan is not None else _CellPass(limits, where).run(archive, part)


def formula_cells(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """(row, column), 1-based, of every cell of sheet `part` that holds a formula."""
    return scan_sheet(archive, part, Limits.from_settings()).formulas


def _fast_scan(archive: zipfile.ZipFile, part: str, limits: Limits, where: str) -> CellScan | None:
    """The extent from the `r` attributes alone, or None when the sheet needs the full pass
    (a formula or error cell may be there, a tag lacks its leading `r`, a namespace prefix)."""
    scan = CellScan()
    letters: set[bytes] = set()
    tail = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            # Only whole tags are measured: cut before the last "<", carry the rest over.
            cut = window.rfind(b"<")
            body, tail = (window[:cut], window[cut:]) if cut > 0 else (b"", window)
            if not _measure(body, scan, letters, limits, where):
                return None
    if tail and not _measure(tail, scan, letters, limits, where):
        return None
    return scan


def _measure(body: bytes, scan: CellScan, letters: set[bytes], limits: Limits, where: str) -> bool:
    if any(mark in body for mark in _ERROR_MARKS) or _prefixed(body):
        return False
    if b"<f" in body and _F_TAG_RE.search(body):
        return False
    cells = body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/")
    row_tags = body.count(b"<row ") + body.count(b"<row>")
    row_numbers = _ROW_R_RE.findall(body)
    cell_rows = _CELL_ROWS_RE.findall(body)
    if len(cell_rows) != cells or len(row_numbers) != row_tags:
        return False  # a row or cell without its leading r attribute: count them exactly
    rows = set(row_numbers)
    rows.update(cell_rows)
    new_letters = set(_CELL_LETTERS_RE.findall(body)) - letters
    letters |= new_letters
    # Digit strings compare as numbers once they are the same length: no int() per cell.
    longest = max(map(len, rows), default=0)
    top = int(max((r for r in rows if len(r) == longest), default=b"0"))
    widest = max((column_index(x.decode()) for x in new_letters), default=0)
    scan.reach(top, widest, limits, where)
    return True


def _prefixed(body: bytes) -> bool:
    """Whether ":c" or ":row" (a namespace prefix on a cell or row) occurs in `body`. A sheet
    holds few colons (its namespace URLs), so each one is looked at instead of searching the
    whole part twice for two-byte marks; a part full of colons gets the two searches."""
    if body.count(b":") > _FEW_COLONS:
        return b":c" in body or b":row" in body
    at = body.find(b":")
    while at >= 0:
        if body.startswith(b"c", at + 1) or body.startswith(b"row", at + 1):
            return True
        at = body.find(b":", at + 1)
    return False


def _refuse(*_args: Any) -> Any:  # Any: expat handlers differ in return type
    raise FileRefused("xml_entity", "工作簿内部 XML 含 DOCTYPE/ENTITY 声明，疑似 XML 实体攻击")


class _CellPass:
    """One expat pass over a sheet part; element names arrive as "namespace local"."""

    def __init__(self, limits: Limits, where: str) -> None:
        self.limits = limits
        self.where = where
        self.scan = CellScan()
        self.row = 0
        self.col = 0
        self.depth = 0
        self.cell: tuple[int, int] | None = None
        self.cell_depth = -1
        self.cell_is_error = False
        self.in_value = False
        self.text: list[str] = []

    def run(self, archive: zipfile.ZipFile, part: str) -> CellScan:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        with archive.open(part) as handle:
            while chunk := handle.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return self.scan

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        ns, _, local = name.rpartition(" ")
        if ns != MAIN_NS:
            return
        if local == "row":
            # openpyxl and calamine: r where present (a float like "3.0" accepted), else next.
            r = attrs.get("r")
            self.row = (int(float(r)) if not r.isdigit() else int(r)) if r else self.row + 1
            self.col = 0
            self.scan.reach(self.row, 0, self.limits, self.where)
        elif local == "c":
            coordinate = attrs.get("r")
            if coordinate:
                row, self.col = coordinate_to_tuple(coordinate)
            else:
                self.col += 1
                row = self.row
            self.cell = (row, self.col)
            self.cell_depth = self.depth
            self.cell_is_error = attrs.get("t") == "e"
            self.scan.reach(row, self.col, self.limits, self.where)
        elif self.cell is not None and self.depth == self.cell_depth + 1:
            if local == "f":
                self.scan.formula(*self.cell, self.where)
            elif local == "v" and self.cell_is_error:
                self.in_value, self.text = True, []

    def chars(self, data: str) -> None:
        if self.in_value:
            self.text.append(data)

    def end(self, name: str) -> None:
        if self.in_value and self.cell is not None:
            self.scan.errors[self.cell] = "".join(self.text).strip()[:16] or "#N/A"
            self.in_value = False
        if self.depth == self.cell_depth:
            self.cell = None
            self.cell_depth = -1
        self.depth -= 1
