"""Reading an inspected file into plain sheets of rows, with the size caps enforced while
streaming (the `<dimension>` element can lie) and every parser failure turned into one
"文件无效" refusal instead of a traceback."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from duban.transfer.formulas import formula_cells
from duban.transfer.safety import FileRefused, Limits, SafeFile, check_size

Progress = Callable[[int], None]


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
        return _read_xlsx(safe, limits, progress)
    except FileRefused:
        raise
    except Exception as exc:  # any parser failure is one clean refusal (E3)
        raise FileRefused("invalid", f"文件无效：无法解析该工作簿（{type(exc).__name__}）") from exc


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


def _read_xlsx(safe: SafeFile, limits: Limits, progress: Progress | None) -> list[Sheet]:
    # deferred: openpyxl is loaded only when a spreadsheet is read.
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(
            io.BytesIO(safe.data), read_only=True, data_only=False, keep_links=False
        )
    sheets = []
    seen = 0
    archive = zipfile.ZipFile(io.BytesIO(safe.data))
    try:
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # hidden helper sheets (lists for drop-downs) are not data
            # The <dimension> element was checked in safety; it can lie (too small truncates,
            # too large pads), so stream the rows that are really there and count them.
            ws.reset_dimensions()
            rows: list[tuple[Any, ...]] = []
            # values_only: no cell objects. A formula cell then reads as its "=…" text, so
            # which cells hold formulas is taken from the sheet XML itself (formulas.py).
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                check_size(number, len(values), limits, ws.title)
                end = len(values)
                while end and values[end - 1] is None:
                    end -= 1
                rows.append(values[:end] if end != len(values) else values)
                seen += 1
                if progress is not None and seen % 500 == 0:
                    progress(seen)
            formulas = formula_cells(archive, ws._worksheet_path)
            sheets.append(Sheet(name=ws.title, rows=rows, formulas=formulas))
    finally:
        book.close()
        archive.close()
    return sheets
