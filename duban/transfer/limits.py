"""The refusal every file check raises and the caps every reader enforces (SECURITY.md E1–E2).

Kept apart from `safety` (the front door that decides a file's kind) so that the per-format
modules — formulas.py for .xlsx, biff.py for .xls/.et, ods.py, spreadsheetml.py — can raise the
same refusal and apply the same caps while `safety` calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


class FileRefused(Exception):
    """A file that is not imported, with a code for tests and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Limits:
    """The numbers from settings, read at call time so tests can override them."""

    max_bytes: int
    max_rows: int
    max_cols: int
    max_uncompressed: int
    max_entries: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.DUBAN_IMPORT_MAX_BYTES,
            max_rows=settings.DUBAN_IMPORT_MAX_ROWS,
            max_cols=settings.DUBAN_IMPORT_MAX_COLS,
            max_uncompressed=settings.DUBAN_IMPORT_MAX_UNCOMPRESSED,
            max_entries=settings.DUBAN_IMPORT_MAX_ENTRIES,
            max_ratio=settings.DUBAN_IMPORT_MAX_RATIO,
        )


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_size(rows: int, cols: int, limits: Limits, where: str) -> None:
    if rows > limits.max_rows:
        raise FileRefused(
            "too_many_rows", f"工作表“{where}”行数过多（{rows} 行，上限 {limits.max_rows} 行）"
        )
    if cols > limits.max_cols:
        raise FileRefused(
            "too_many_cols", f"工作表“{where}”列数过多（{cols} 列，上限 {limits.max_cols} 列）"
        )
