"""OpenDocument spreadsheets (.ods, LibreOffice/WPS): the checks in front of calamine.

An .ods is a zip like an .xlsx, so it passes the same central-directory checks in `safety`
(entry count, declared sizes, compression ratios, paths, encrypted entries, DOCTYPE/ENTITY in
any XML part). Here, what is particular to ODS:

* the package: the `mimetype` says spreadsheet; an encrypted package (encryption-data in the
  manifest) and Basic/script macros are refused, each with its own message;
* content.xml, streamed through expat with DOCTYPE/ENTITY refused: ODS compresses runs of equal
  rows and cells with `number-rows-repeated` / `number-columns-repeated`, so a few bytes can
  stand for millions of cells. The extent is computed from those counts (only cells that hold
  something count, as in calamine: LibreOffice pads every sheet with empty repeats to row
  1,048,576) and the file is refused the moment it passes the caps, before calamine builds its
  grid. The same pass records the formula cells (`table:formula`), flagged, never trusted.
"""

from __future__ import annotations

import zipfile
from typing import Any
from xml.parsers import expat

from duban.transfer.formulas import CellScan
from duban.transfer.limits import FileRefused, Limits

MIMETYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CHUNK = 1 << 20


def is_ods(archive: zipfile.ZipFile) -> bool:
    """An OpenDocument spreadsheet says so in its first entry, `mimetype`."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    return info.file_size < 200 and archive.read(info).strip() in MIMETYPES


def check_package(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse an ODS package that is encrypted, carries macros or has no content."""
    if "content.xml" not in names:
        raise FileRefused("not_spreadsheet", "ODS 文件缺少表格内容（content.xml）")
    if "META-INF/manifest.xml" in names:
        manifest = archive.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise FileRefused("encrypted", "ODS 表格已加密（设置了密码），请取消密码后另存再导入")
    if any(n.startswith(("Basic/", "Scripts/")) and not n.endswith("/") for n in names):
        raise FileRefused("macro", "ODS 表格包含宏（Basic/脚本），不予导入")


def _refuse(*_args: Any) -> Any:  # Any: expat handlers differ in return type
    raise FileRefused(
        "xml_entity", "ODS 内容（content.xml）含 DOCTYPE/ENTITY 声明，疑似 XML 实体攻击"
    )


def _count(attrs: dict[str, str], name: str) -> int:
    raw = attrs.get(f"{TABLE_NS} {name}", "1")
    try:
        return max(int(raw), 1)
    except ValueError as exc:
        raise FileRefused("invalid", f"文件无效：ODS 重复次数“{raw[:20]}”不是整数") from exc


def scan_content(archive: zipfile.ZipFile, limits: Limits) -> list[tuple[str, CellScan]]:
    """(sheet name, cell scan) of every top-level table, in document order."""
    return _ContentPass(limits).run(archive)


class _ContentPass:
    """One expat pass over content.xml; element names arrive as "namespace local"."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sheets: list[tuple[str, CellScan]] = []
        self.scan: CellScan | None = None
        self.name = ""
        self.depth = 0
        self.table_depth = -1
        self.row = 0  # rows before the current one
        self.row_repeat = 1
        self.col = 0  # columns before the current cell
        self.cell_depth = -1
        self.cell: tuple[int, int, bool, bool] | None = None  # first col, repeat, value, formula

    def run(self, archive: zipfile.ZipFile) -> list[tuple[str, CellScan]]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        with archive.open("content.xml") as handle:
            while chunk := handle.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return self.sheets

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.cell is not None:
            if self.depth == self.cell_depth + 1:  # any child (text:p …): the cell holds text
                first, repeat, _, formula = self.cell
                self.cell = (first, repeat, True, formula)
            return
        if name == f"{TABLE_NS} table" and self.scan is None:
            self.scan, self.table_depth = CellScan(), self.depth
            self.name = attrs.get(f"{TABLE_NS} name", "")
            self.row = 0
        elif self.scan is None:
            return
        elif name == f"{TABLE_NS} table-row":
            self.row_repeat = _count(attrs, "number-rows-repeated")
            self.col = 0
        elif name in (f"{TABLE_NS} table-cell", f"{TABLE_NS} covered-table-cell"):
            repeat = _count(attrs, "number-columns-repeated")
            has_value = f"{OFFICE_NS} value-type" in attrs
            formula = f"{TABLE_NS} formula" in attrs
            self.cell = (self.col, repeat, has_value or formula, formula)
            self.cell_depth = self.depth

    def end(self, name: str) -> None:
        if self.cell is not None:
            if self.depth == self.cell_depth:
                self._close_cell()
        elif self.scan is not None:
            if name == f"{TABLE_NS} table-row":
                self.row += self.row_repeat
            elif name == f"{TABLE_NS} table" and self.depth == self.table_depth:
                self.sheets.append((self.name, self.scan))
                self.scan = None
        self.depth -= 1

    def _close_cell(self) -> None:
        assert self.cell is not None and self.scan is not None
        first, repeat, holds, formula = self.cell
        self.cell, self.cell_depth = None, -1
        self.col = first + repeat
        if not holds:
            return
        where = self.name
        self.scan.reach(self.row + self.row_repeat, first + repeat, self.limits, where)
        if formula:
            for row in range(self.row + 1, self.row + self.row_repeat + 1):
                for col in range(first + 1, first + repeat + 1):
                    self.scan.formula(row, col, where)
