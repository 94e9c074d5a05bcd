"""Excel 2003 XML (SpreadsheetML): the "导出Excel" of many older systems and report templates.

It is plain XML (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`, often
saved as .xml, sometimes as .xls), so no office library is needed, only a safe XML parser:
defusedxml's iterparse refuses any DOCTYPE (so no entity, internal or external, is ever
expanded, E3) and streams the file row by row. Positions follow the format: a row or cell
without `ss:Index` follows the previous one, `ss:MergeAcross` spans columns (the covered cells
are not written), `ss:Span` repeats a row. Every index is checked against the caps before a row
is filled (E2). Cells with `ss:Formula` are flagged, never trusted (E4); an `Error` cell keeps
its text, as openpyxl gives it for .xlsx. Hidden sheets (`<x:Visible>SheetHidden`) are skipped,
like hidden .xlsx sheets. Files that declare a Chinese code page (gb2312/GBK/GB18030) are
decoded first, since expat itself only knows the UTF and Latin-1 families.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from duban.transfer.formulas import CellScan
from duban.transfer.limits import FileRefused, Limits, check_size

SS = "urn:schemas-microsoft-com:office:spreadsheet"
EXCEL = "urn:schemas-microsoft-com:office:excel"
_SNIFF = 4096
_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.\-]+)["']""", re.IGNORECASE)
_HTML_RE = re.compile(rb"<\s*(html|table|!doctype\s+html)\b", re.IGNORECASE)
CHINESE_CODECS = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk"}
# Qualified names, built once (the reader looks them up for every row and cell).
WORKSHEET, TABLE, ROW, CELL, DATA = (
    f"{{{SS}}}{n}" for n in ("Worksheet", "Table", "Row", "Cell", "Data")
)
NAME, INDEX, SPAN, TYPE, FORMULA, MERGE_ACROSS = (
    f"{{{SS}}}{n}" for n in ("Name", "Index", "Span", "Type", "Formula", "MergeAcross")
)
EXPANDED_ROWS, EXPANDED_COLS = f"{{{SS}}}ExpandedRowCount", f"{{{SS}}}ExpandedColumnCount"
OPTIONS, VISIBLE = f"{{{EXCEL}}}WorksheetOptions", f"{{{EXCEL}}}Visible"


def _head(data: bytes) -> bytes:
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        return head[2:].decode(codec, "ignore").encode()
    return head


def is_spreadsheetml(data: bytes) -> bool:
    """XML whose root is an Excel 2003 `Workbook` (the namespace within the first 4 KB)."""
    head = _head(data)
    return head.startswith(b"<") and SS.encode() in head and b"Workbook" in head


def is_html(data: bytes) -> bool:
    """A web page saved with a spreadsheet name (many systems' "导出Excel" does this)."""
    head = _head(data)
    return (
        head.startswith(b"<") and _HTML_RE.search(head) is not None and not is_spreadsheetml(data)
    )


def _utf8(data: bytes) -> bytes:
    match = _DECL_RE.match(data[:200])
    if match is None or match.group(1).decode().lower() not in CHINESE_CODECS:
        return data
    text = data.decode("gb18030", "replace")
    return re.sub(r"encoding\s*=\s*[\"'][\w.\-]+[\"']", 'encoding="UTF-8"', text, count=1).encode()


def _number(value: str | None, where: str, what: str, least: int = 1) -> int | None:
    """An index or count attribute as an int (None when absent); anything else is invalid."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise FileRefused(
            "invalid", f"文件无效：工作表“{where}”的{what}“{value[:20]}”不是整数"
        ) from exc
    if number < least:
        raise FileRefused("invalid", f"文件无效：工作表“{where}”的{what}“{number}”无效")
    return number


def _value(cell: Element, where: str) -> tuple[Any, str | None]:
    """The cell's value as openpyxl would give it, and its error text if it is an error."""
    data = cell.find(DATA)
    if data is None:
        return None, None
    kind = data.get(TYPE, "String")
    text = "".join(data.itertext())
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text, None
        return (int(number) if number.is_integer() and abs(number) < 1e15 else number), None
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.strip()[:19]), None
        except ValueError:
            return text, None
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE"), None
    if kind == "Error":
        return text, text or "#N/A"
    return (text if text != "" else None), None


def read(data: bytes, limits: Limits) -> list[tuple[str, list[tuple[Any, ...]], CellScan]]:
    """(name, rows, cell scan) of every visible worksheet, rows 1-based like the other readers."""
    sheets: list[tuple[str, list[tuple[Any, ...]], CellScan]] = []
    name, hidden = "", False
    rows: dict[int, list[Any]] = {}
    scan = CellScan()
    row_no = 0
    in_options = False
    try:
        for event, element in iterparse(
            io.BytesIO(_utf8(data)), events=("start", "end"), forbid_dtd=True
        ):
            tag = element.tag
            if event == "start":
                if tag == WORKSHEET:
                    name, hidden = element.get(NAME, ""), False
                    rows, scan, row_no = {}, CellScan(), 0
                elif tag == TABLE:
                    _check_expanded(element, limits, name)
                elif tag == OPTIONS:
                    in_options = True
                continue
            if tag == ROW:
                row_no = _row(element, row_no, rows, scan, limits, name)
                element.clear()
            elif tag == VISIBLE and in_options:
                hidden = (element.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
            elif tag == OPTIONS:
                in_options = False
            elif tag == WORKSHEET:
                if not hidden:
                    filled = [tuple(rows.get(n, ())) for n in range(1, max(rows, default=0) + 1)]
                    sheets.append((name, filled, scan))
                element.clear()
    except FileRefused:
        raise
    except (ParseError, DefusedXmlException) as exc:
        if isinstance(exc, DefusedXmlException):
            raise FileRefused(
                "xml_entity", "Excel 2003 XML 表格含 DOCTYPE/ENTITY 声明，疑似 XML 实体攻击"
            ) from exc
        raise FileRefused("invalid", "文件无效：Excel 2003 XML 表格不是有效的 XML") from exc
    return sheets


def _check_expanded(table: Element, limits: Limits, where: str) -> None:
    """ExpandedRowCount/ColumnCount are the writer's claim (like <dimension>): refuse early."""
    rows = _number(table.get(EXPANDED_ROWS), where, "行数声明", 0) or 0
    cols = _number(table.get(EXPANDED_COLS), where, "列数声明", 0) or 0
    check_size(rows, cols, limits, where)


def _row(
    element: Element,
    previous: int,
    rows: dict[int, list[Any]],
    scan: CellScan,
    limits: Limits,
    where: str,
) -> int:
    """Place one <Row>; returns the number of the last row it covers."""
    number = _number(element.get(INDEX), where, "行号") or previous + 1
    if number <= previous:
        raise FileRefused("invalid", f"文件无效：工作表“{where}”的行号 {number} 不在前一行之后")
    span = _number(element.get(SPAN), where, "行跨度", 0) or 0  # n more rows
    scan.reach(number + span, 0, limits, where)
    values: list[Any] = []
    col = 0
    for cell in element.findall(CELL):
        given = _number(cell.get(INDEX), where, "列号")
        if given is not None and given <= col:
            raise FileRefused(
                "invalid", f"文件无效：工作表“{where}”第 {number} 行的列号 {given} 不在前一格之后"
            )
        col = given or col + 1
        across = _number(cell.get(MERGE_ACROSS), where, "合并列数", 0) or 0
        scan.reach(number, col + across, limits, where)
        value, error = _value(cell, where)
        if cell.get(FORMULA):
            scan.formula(number, col, where)
        if error is not None:
            scan.errors[(number, col)] = error
        if value is not None:
            values.extend([None] * (col - len(values)))
            values[col - 1] = value
        col += across
    if values:
        rows[number] = values
    return number + span
