"""Legacy Excel (.xls, Excel 97–2003) and WPS .et saved in the same format: the checks in front
of calamine (E1–E3) and the cells calamine cannot tell us about (E4).

An .xls is a Compound File (OLE2/CFB) holding a "Workbook" stream of BIFF records. The
container is opened with olefile (a maintained CFB reader that refuses broken sector chains),
and before any value is read:

* the directory is checked: entry count within the cap; VBA macros ("_VBA_PROJECT_CUR"/"VBA")
  and OLE files that are no workbook (a Word .doc renamed) are refused, each with its own
  message (an encrypted .xlsx, also a Compound File, was refused by `safety` already);
* the workbook globals are walked for FILEPASS (a password-protected .xls);
* each worksheet substream is walked record by record (4-byte headers; nothing is decoded but
  the row and column of cell records), giving the extent of the cells that hold a value (the
  same cells calamine places in its grid: formatted blanks are not counted by either), the
  FORMULA records (flagged, never trusted) and BOOLERR error constants.

No record body beyond those few bytes is interpreted here; values are calamine's.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass

import olefile

from duban.transfer.formulas import CellScan
from duban.transfer.limits import FileRefused, Limits

BOF, EOF, FILEPASS, BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x0085
BOF_OLD = (0x0009, 0x0209, 0x0409)
FORMULA = (0x0006, 0x0206, 0x0406)
BOOLERR = 0x0205
MULRK = 0x00BD
# Cell records that carry a value (row u16, column u16 first); BLANK/MULBLANK only format.
VALUE_CELLS = {
    0x0002,
    0x0003,
    0x0004,
    0x0005,
    0x0203,
    0x0204,
    0x00FD,
    0x027E,
    0x00D6,
    *FORMULA,
    BOOLERR,
}
ERROR_CODES = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
WORKBOOK_STREAMS = ("Workbook", "Book")


@dataclass(frozen=True)
class BiffSheet:
    """One BOUNDSHEET entry: name, whether it is a worksheet, and what its cells say."""

    name: str
    is_worksheet: bool
    scan: CellScan


def _open(data: bytes) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, ValueError, struct.error … on bad files
        raise FileRefused("corrupt_cfb", "文件无效：旧版 Office 文件结构已损坏，无法打开") from exc


def check_container(data: bytes, limits: Limits) -> None:
    """Refuse a CFB file that is encrypted, carries macros, is too large inside or is not an
    Excel/WPS workbook. Reads the directory and the globals of the workbook stream only."""
    ole = _open(data)
    try:
        entries = [e for e in ole.direntries if e is not None]
        if len(entries) > limits.max_entries:
            raise FileRefused(
                "cfb_entries",
                f"旧版工作簿内部条目过多（{len(entries)} 个，上限 {limits.max_entries}）",
            )
        names = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
        if any(n.split("/")[0] in ("_vba_project_cur", "vba", "macros") for n in names):
            raise FileRefused("macro", "旧版工作簿（.xls/.et）包含宏（VBA），不予导入")
        stream = _workbook_stream(ole)
        if stream is None:
            if "worddocument" in names:
                raise FileRefused(
                    "not_spreadsheet", "文件内容是Word 文档（旧版 Office 格式），不是电子表格"
                )
            raise FileRefused(
                "not_spreadsheet",
                "文件是旧版 Office 格式，但其中没有 Excel 工作簿数据（可能是 WPS 早期专有格式）："
                "请在 WPS/Excel 中另存为 .xlsx 后再导入",
            )
        workbook = ole.openstream(stream).read()
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused("corrupt_cfb", "文件无效：旧版工作簿内部数据无法读取") from exc
    finally:
        ole.close()
    for typ, _body in _globals(workbook):
        if typ == FILEPASS:
            raise FileRefused(
                "encrypted", "旧版工作簿（.xls/.et）设置了打开密码，请取消密码后另存再导入"
            )


def scan_sheets(data: bytes, limits: Limits) -> list[BiffSheet]:
    """Every sheet in workbook order (as calamine lists them), with its cell scan."""
    ole = _open(data)
    try:
        stream = _workbook_stream(ole)
        if stream is None:
            raise FileRefused("not_spreadsheet", "旧版 Office 文件中没有工作簿数据")
        workbook = ole.openstream(stream).read()
    finally:
        ole.close()
    biff8 = workbook[4:6] == b"\x00\x06"  # the BOF's version field: 0x0600 is BIFF8
    sheets = []
    for typ, body in _globals(workbook):
        if typ != BOUNDSHEET or len(body) < 8:
            continue
        offset, kind = struct.unpack_from("<I", body)[0], body[5]
        name = _sheet_name(body, biff8)
        scan = CellScan()
        if kind == 0:
            _scan_substream(workbook, offset, scan, limits, name)
        sheets.append(BiffSheet(name=name, is_worksheet=kind == 0, scan=scan))
    return sheets


def _workbook_stream(ole: olefile.OleFileIO) -> str | None:
    for name in WORKBOOK_STREAMS:
        if ole.exists(name) and ole.get_type(name) == olefile.STGTY_STREAM:
            return name
    return None


def _records(stream: bytes, pos: int = 0) -> Iterator[tuple[int, bytes]]:
    end = len(stream)
    while pos + 4 <= end:
        typ, size = struct.unpack_from("<HH", stream, pos)
        yield typ, stream[pos + 4 : pos + 4 + size]
        pos += 4 + size


def _globals(stream: bytes) -> Iterator[tuple[int, bytes]]:
    """The records of the workbook globals substream (up to its EOF)."""
    records = _records(stream)
    first = next(records, None)
    if first is None or first[0] not in (BOF, *BOF_OLD):
        raise FileRefused("invalid", "文件无效：旧版工作簿数据不以 BOF 记录开头")
    for typ, body in records:
        if typ == EOF:
            return
        yield typ, body


def _sheet_name(body: bytes, biff8: bool) -> str:
    """BIFF8 names are UTF-16 or compressed Latin-1; a BIFF5 name is in the file's code page,
    which only messages use here (calamine decodes it for the data), so GB18030 is a guess."""
    length = body[6]
    if biff8:
        wide = body[7] & 1
        return body[8 : 8 + length * (2 if wide else 1)].decode(
            "utf-16-le" if wide else "latin-1", "replace"
        )
    return body[7 : 7 + length].decode("gb18030", "replace")


def _scan_substream(stream: bytes, offset: int, scan: CellScan, limits: Limits, name: str) -> None:
    """Walk one worksheet's records from its BOF to the matching EOF (charts nest BOF/EOF)."""
    where = name or f"偏移 {offset}"
    depth = 0
    for typ, body in _records(stream, offset):
        if typ in (BOF, *BOF_OLD):
            depth += 1
            continue
        if typ == EOF:
            depth -= 1
            if depth <= 0:
                return
            continue
        if depth != 1 or len(body) < 4:
            continue
        if typ == MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            scan.reach(row + 1, max(first, last) + 1, limits, where)
        elif typ in VALUE_CELLS:
            row, col = struct.unpack_from("<HH", body)
            scan.reach(row + 1, col + 1, limits, where)
            if typ in FORMULA:
                scan.formula(row + 1, col + 1, where)
            elif typ == BOOLERR and len(body) >= 8 and body[7] == 1:
                scan.errors[(row + 1, col + 1)] = ERROR_CODES.get(body[6], "#N/A")
