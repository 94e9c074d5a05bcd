"""Reading an inspected file into plain sheets of rows, whatever the format it came in.

.xlsx, .xls (and WPS .et) and .ods are read by calamine (python-calamine, a maintained Rust
reader, several times faster than openpyxl) in a child process under memory and time limits
(isolation.py: a hostile file can make a native reader abort); Excel 2003 XML by
`spreadsheetml` (defusedxml); CSV by the standard library. In front of calamine, each format's
own scan (formulas.py, biff.py, ods.py) measures how far each sheet's cells really reach and
refuses the file past the caps before a grid is built (E2), and finds the formula cells
(flagged, E4) and error constants that calamine's values do not show. Behind it, every format
gives the importers the same thing: rows of values as openpyxl gave them for an .xlsx (None for
empty, int for whole numbers, datetime for dates, "#N/A" for an error), 1-based row numbers
kept, hidden sheets left out.
Any parser failure becomes one "文件无效" refusal instead of a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from duban.transfer import biff, ods, spreadsheetml
from duban.transfer.formulas import CellScan, scan_sheet, sheet_parts
from duban.transfer.isolation import run_isolated
from duban.transfer.limits import FileRefused, Limits, check_size
from duban.transfer.safety import SafeFile

Progress = Callable[[int], None]
FORMAT_NAMES = {
    "xlsx": "Excel 工作簿",
    "xls": "旧版 Excel/WPS 工作簿",
    "ods": "ODS 表格",
    "spreadsheetml": "Excel 2003 XML 表格",
}


@dataclass
class Sheet:
    """One worksheet: its name and rows of raw cell values (1-based row numbers kept)."""

    name: str
    rows: list[tuple[Any, ...]]
    # (row number, column number) of cells that held a formula: flagged, never trusted (E4).
    formulas: set[tuple[int, int]] = field(default_factory=set)


def read_sheets(
    safe: SafeFile, limits: Limits | None = None, progress: Progress | None = None
) -> list[Sheet]:
    limits = limits or Limits.from_settings()
    if safe.kind == "csv":
        return [_read_csv(safe, limits)]
    try:
        if safe.kind == "spreadsheetml":
            return [
                Sheet(name=name, rows=_with_errors(rows, scan), formulas=scan.formulas)
                for name, rows, scan in spreadsheetml.read(safe.data, limits)
            ]
        what = FORMAT_NAMES.get(safe.kind, "工作簿")
        sheets = run_isolated(_read_calamine, safe, limits, what=what)
        if progress is not None:
            progress(sum(len(sheet.rows) for sheet in sheets))
        return sheets
    except FileRefused:
        raise
    except Exception as exc:  # any parser failure is one clean refusal (E3)
        what = FORMAT_NAMES.get(safe.kind, "工作簿")
        raise FileRefused("invalid", f"文件无效：无法解析该{what}（{type(exc).__name__}）") from exc


def _read_csv(safe: SafeFile, limits: Limits) -> Sheet:
    name = PurePosixPath(safe.name.replace("\\", "/")).stem or "CSV"
    rows: list[tuple[Any, ...]] = []
    try:
        sample = safe.text[:4096]
        dialect: Any = csv.excel
        if sample.count("\t") > sample.count(","):
            dialect = csv.excel_tab
        for number, row in enumerate(csv.reader(io.StringIO(safe.text), dialect), start=1):
            check_size(number, len(row), limits, name)
            rows.append(tuple(cell if cell != "" else None for cell in row))
    except csv.Error as exc:
        raise FileRefused("invalid", f"文件无效：CSV 格式错误（{exc}）") from exc
    return Sheet(name=name, rows=rows)


def _scans(safe: SafeFile, limits: Limits) -> list[CellScan | None]:
    """One scan per sheet in workbook order (None for a sheet that is no worksheet)."""
    if safe.kind == "xls":
        return [s.scan if s.is_worksheet else None for s in biff.scan_sheets(safe.data, limits)]
    with zipfile.ZipFile(io.BytesIO(safe.data)) as archive:
        if safe.kind == "ods":
            return [scan for _name, scan in ods.scan_content(archive, limits)]
        return [
            scan_sheet(archive, part.path, limits, part.name) if part.visible else None
            for part in sheet_parts(archive)
        ]


def _read_calamine(safe: SafeFile, limits: Limits) -> list[Sheet]:
    """Scans, then calamine; runs in a child process (isolation.py), so it returns plain data."""
    scans = _scans(safe, limits)  # refuses an oversized sheet before calamine builds it
    book = CalamineWorkbook.from_filelike(io.BytesIO(safe.data))
    try:
        metadata = book.sheets_metadata
        if len(metadata) != len(scans):
            raise FileRefused("invalid", "文件无效：工作表目录与工作表内容不一致")
        sheets = []
        for index, meta in enumerate(metadata):
            scan = scans[index]
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue  # hidden helper sheets (lists for drop-downs) and charts are not data
            if scan is None:
                continue
            grid = book.get_sheet_by_index(index)
            check_size(grid.total_height, grid.total_width, limits, meta.name)
            rows = _rows(grid.to_python(skip_empty_area=False))
            sheets.append(
                Sheet(name=meta.name, rows=_with_errors(rows, scan), formulas=scan.formulas)
            )
    finally:
        book.close()
    return sheets


def _value(value: Any) -> Any:
    """A calamine value as openpyxl gives it: "" is empty, a whole float an int, a date a
    datetime at midnight (so every format reaches the importers in one shape)."""
    if value == "":
        return None
    kind = type(value)
    if kind is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _rows(grid: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The grid as rows of `_value`s, trailing blanks cut. Text cells go through `_value`
    only when blank; a repeated text (unit names, 是/否, kinds) becomes one shared object,
    so the rows pickle back from the reading child (isolation.py) as references, not copies.
    """
    shared: dict[str, str] = {}
    share = shared.setdefault
    rows: list[tuple[Any, ...]] = []
    for raw in grid:
        values = [(share(v, v) if v else None) if type(v) is str else _value(v) for v in raw]
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        rows.append(tuple(values[:end]))
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _with_errors(rows: list[tuple[Any, ...]], scan: CellScan) -> list[tuple[Any, ...]]:
    """Put error constants (#N/A …) back where the reader saw an empty cell."""
    for (row, col), text in scan.errors.items():
        while len(rows) < row:
            rows.append(())
        values = list(rows[row - 1])
        values.extend([None] * (col - len(values)))
        values[col - 1] = text
        rows[row - 1] = tuple(values)
    return rows
