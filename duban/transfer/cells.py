"""Every cell duban writes into a spreadsheet goes through here (SECURITY.md E4).

Text that begins with = + - @ TAB CR (or their full-width forms ＝ ＋ － ＠) would be read by Excel
and WPS as a formula, the classic CSV/formula injection. Such text is written with the string
data type and the quotePrefix style, never as a formula and without altering the text itself,
so a project called "=HYPERLINK(...)" reads back exactly as it was typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def is_dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def safe_cell(cell: Cell, value: Any, number_format: str | None = None) -> Cell:
    """Set `value` into `cell` so that it can never be evaluated as a formula."""
    if value is None or isinstance(value, Decimal | dt.datetime | dt.date | int | float):
        cell.value = value
    else:
        text = str(value)
        cell.value = text
        # openpyxl turns any str starting with "=" into a formula; force it back to text.
        cell.data_type = "s"
        if is_dangerous(text):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Cell:
    return safe_cell(ws.cell(row=row, column=col), value, number_format)
