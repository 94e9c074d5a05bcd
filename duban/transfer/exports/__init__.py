"""Spreadsheets duban gives back: the ledger, targets with decomposition, monthly templates.

Every sheet is formatted for printing the same way (frozen header, column widths, A4 landscape,
header rows repeated on every page) by `format_sheet`, and every cell goes through
`duban.transfer.cells.safe_cell`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from duban.transfer.cells import put

WAN_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="999999")
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
READONLY_FILL = PatternFill("solid", fgColor="EEEEEE")


def new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def write_table(
    ws: Worksheet,
    title: str,
    headers: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Any]],
    *,
    formats: dict[int, str] | None = None,
    subtitle: str = "",
) -> None:
    """Title row(s), one header row, data; `headers` are (text, width), formats by column."""
    formats = formats or {}
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    header_row = 2
    if subtitle:
        put(ws, 2, 1, subtitle)
        header_row = 3
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    for col, (text, width) in enumerate(headers, start=1):
        cell = put(ws, header_row, col, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=header_row + 1):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value, formats.get(col))
    format_sheet(ws, header_row)


def format_sheet(ws: Worksheet, header_row: int) -> None:
    """Frozen header, A4 landscape, fit to one page wide, header rows on every printed page."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
