"""File safety before any parsing (SECURITY.md E1–E3).

Every uploaded or command-line file passes `inspect_file` first. It decides the kind from the
bytes, never from the name: a zip is an .xlsx or an .ods (by its parts), a Compound File an
.xls (Excel 97–2003, or WPS .et saved that way), XML an Excel 2003 SpreadsheetML workbook,
text a CSV. For a zip it checks the central directory (entry count, declared sizes, compression
ratios, path names) before a single byte is decompressed, then refuses DOCTYPE/ENTITY
declarations in any XML part and sheet dimensions beyond the limits; a Compound File's
directory, macros and password are checked in `biff`. Each refusal is a `FileRefused` with its
own plain Chinese message; nothing is written. The extent of the cells themselves is measured
again in front of each reader (formulas.py, biff.py, ods.py, spreadsheetml.py).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from duban.core import uploads
from duban.transfer import biff, ods, spreadsheetml
from duban.transfer.limits import FileRefused, Limits, check_size, column_index

__all__ = ["FileRefused", "Limits", "SafeFile", "check_size", "column_index", "inspect_file"]

# WPS saves .et (its own name for a workbook) as BIFF (.xls) or as an .xlsx inside; the
# content decides which reader runs, whichever of these names the file carries.
WORKBOOK_EXTENSIONS = {".xlsx", ".xls", ".et", ".ods", ".xml"}
XLSX_EXTENSIONS = WORKBOOK_EXTENSIONS  # the name older callers know these by
CSV_EXTENSIONS = {".csv", ".txt"}
TEXT_AS_XLS = {".xls", ".et"}
ACCEPTED = ".xlsx、.xls、.et（WPS）、.ods、Excel 2003 XML（.xml）和 .csv"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Signatures of files people rename to .xlsx by mistake (or on purpose).
FOREIGN_MAGICS = {
    b"MZ": "Windows 可执行程序",
    b"\x7fELF": "Linux 可执行程序",
    b"%PDF": "PDF 文档",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"Rar!": "RAR 压缩包",
    b"7z\xbc\xaf\x27\x1c": "7z 压缩包",
    b"\x1f\x8b": "gzip 压缩包",
    b"{\\rtf": "RTF 文档",
    b"MIME-Version:": "单个文件网页（.mht）",
}
SHEET_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
_ENTITY_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_EXTERNAL_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)[^>]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20
# What reading a damaged zip member raises: CRC and size mismatches, and zlib's own error (not an
# OSError), e.g. "invalid distance too far back" from a flipped byte in the deflate stream.
_INFLATE_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error)


@dataclass(frozen=True)
class SafeFile:
    """A file that passed inspection: its bytes, kind and fingerprint for the audit row."""

    name: str
    data: bytes
    kind: str  # "xlsx", "xls", "ods", "spreadsheetml" or "csv"
    sha256: str
    text: str = ""  # decoded CSV text
    encoding: str = ""

    @property
    def size(self) -> int:
        return len(self.data)


def _suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def inspect_file(name: str, data: bytes, limits: Limits | None = None) -> SafeFile:
    """Decide whether `data` may be parsed at all; raise FileRefused with the reason if not."""
    limits = limits or Limits.from_settings()
    suffix = _suffix(name)
    if not data:
        raise FileRefused("empty", "文件为空")
    if len(data) > limits.max_bytes:
        raise FileRefused(
            "too_large",
            f"文件过大：{len(data) / 1048576:.1f} MB，上限为 {limits.max_bytes / 1048576:.0f} MB",
        )
    digest = hashlib.sha256(data).hexdigest()
    if suffix not in WORKBOOK_EXTENSIONS | CSV_EXTENSIONS | {".xlsm", ".xltm"}:
        raise FileRefused(
            "not_spreadsheet",
            f"不是支持的电子表格文件（“{suffix or '无扩展名'}”）：只接受 {ACCEPTED}",
        )
    if suffix == ".xlsm" or suffix == ".xltm":
        raise FileRefused("macro", "不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后再导入")
    if data.startswith(CFB_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            # A password-protected .xlsx is a Compound File with this stream (MS-OFFCRYPTO).
            raise FileRefused("encrypted", "工作簿已加密（设置了打开密码），请取消密码后另存再导入")
        if suffix in CSV_EXTENSIONS:
            raise FileRefused("renamed", f"扩展名为“{suffix}”，但文件内容是旧版 Office 文件")
        biff.check_container(data, limits)
        return SafeFile(name=name, data=data, kind="xls", sha256=digest)
    for magic, what in FOREIGN_MAGICS.items():
        if data.startswith(magic):
            raise FileRefused(
                "renamed", f"文件内容是{what}，不是电子表格（扩展名为“{suffix or '无'}”）"
            )
    if data.startswith(ZIP_MAGICS):
        if suffix in CSV_EXTENSIONS:
            raise FileRefused("renamed", f"扩展名为“{suffix}”，但文件内容是压缩包（工作簿）")
        kind = _check_zip(data, limits)
        return SafeFile(name=name, data=data, kind=kind, sha256=digest)
    if spreadsheetml.is_html(data):
        raise FileRefused(
            "html",
            "文件内容是网页（HTML 表格），不是电子表格：请在 Excel/WPS 中打开后另存为 .xlsx",
        )
    if spreadsheetml.is_spreadsheetml(data):
        if suffix in CSV_EXTENSIONS:
            raise FileRefused("renamed", f"扩展名为“{suffix}”，但文件内容是 Excel 2003 XML 表格")
        _refuse_xml_declarations(data)
        return SafeFile(name=name, data=data, kind="spreadsheetml", sha256=digest)
    if suffix in WORKBOOK_EXTENSIONS:
        if b"PK\x03\x04" in data[:4096] or b"PK\x01\x02" in data:
            raise FileRefused("corrupt_zip", "文件无效：工作簿已损坏（压缩结构不完整）")
        if suffix == ".xml":
            raise FileRefused(
                "not_spreadsheet", "XML 文件不是 Excel 2003 XML 表格（SpreadsheetML）"
            )
        if suffix in TEXT_AS_XLS and _looks_tabular(data):
            # Many systems' "导出Excel" writes tab- or comma-separated text named .xls; it is
            # read as the CSV it is (same decoding, caps and preview).
            text, encoding = _decode_csv(data)
            return SafeFile(
                name=name, data=data, kind="csv", sha256=digest, text=text, encoding=encoding
            )
        raise FileRefused("renamed", f"扩展名为“{suffix}”，但文件内容不是电子表格")
    if suffix in CSV_EXTENSIONS:
        text, encoding = _decode_csv(data)
        return SafeFile(
            name=name, data=data, kind="csv", sha256=digest, text=text, encoding=encoding
        )
    raise FileRefused("not_spreadsheet", f"不是支持的电子表格文件：只接受 {ACCEPTED}")


def _looks_tabular(data: bytes) -> bool:
    """Text whose first line has a tab or a comma between fields, and no NUL byte."""
    first = data[:4096].split(b"\n", 1)[0]
    return b"\x00" not in data[:65536] and (b"\t" in first or b"," in first)


def _decode_csv(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""
    if b"\x00" in data[:65536]:
        raise FileRefused("not_spreadsheet", "文件内容不是文本表格（含二进制数据）")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise FileRefused(
            "encoding", "无法识别 CSV 文件编码：请保存为 UTF-8 或 GBK/GB18030"
        ) from exc


def _check_zip(data: bytes, limits: Limits) -> str:
    """Central-directory checks first (no decompression), then the XML parts themselves.
    Returns the kind: "ods" when the package says it is an OpenDocument spreadsheet, else
    "xlsx" (which must then have the workbook parts).

    The central-directory limits are the one upload module's (`duban.core.uploads`), shared
    with every other upload path; what follows is particular to workbooks."""
    try:
        archive = uploads.check_archive(
            data,
            max_entries=limits.max_entries,
            max_uncompressed=limits.max_uncompressed,
            max_ratio=limits.max_ratio,
            label="工作簿",
        )
    except uploads.UploadRefused as exc:
        raise FileRefused(exc.code, exc.message) from exc
    infos = archive.infolist()
    names = {info.filename.replace("\\", "/") for info in infos}
    try:
        if ods.is_ods(archive):
            ods.check_package(archive, names)
            _scan_parts(archive, infos, limits)
            return "ods"
    except FileRefused:
        raise
    except _INFLATE_ERRORS as exc:
        raise FileRefused("corrupt_zip", "文件无效：ODS 表格已损坏（内部数据无法解压）") from exc
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused("not_spreadsheet", "压缩包不是 Excel 工作簿（缺少工作簿结构）")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRefused("macro", "工作簿包含宏（VBA），不予导入，请另存为不含宏的 .xlsx")
    try:
        content_types = archive.read("[Content_Types].xml")
        _refuse_entities("[Content_Types].xml", content_types)
        if b"macroEnabled" in content_types:
            raise FileRefused("macro", "工作簿类型为启用宏的工作簿，不予导入")
        if not any(t.encode() in content_types for t in SHEET_MAIN_TYPES):
            raise FileRefused("not_spreadsheet", "压缩包不是 Excel 工作簿（内容类型不符）")
        _scan_parts(archive, infos, limits)
    except FileRefused:
        raise
    except _INFLATE_ERRORS as exc:
        # zlib errors, CRC mismatches and lying sizes all end here.
        raise FileRefused("corrupt_zip", "文件无效：工作簿已损坏（内部数据无法解压）") from exc
    return "xlsx"


def _scan_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml", ".rdf")):
            _scan_part(archive, info, limits)


def _refuse_xml_declarations(data: bytes) -> None:
    """Excel never writes a DOCTYPE into SpreadsheetML; one that declares an external entity
    is an XXE attempt, any other an entity-expansion one. (defusedxml refuses both again.)"""
    if _EXTERNAL_RE.search(data):
        raise FileRefused(
            "xml_entity", "Excel 2003 XML 表格引用外部实体（SYSTEM/PUBLIC），疑似 XXE 攻击"
        )
    if _ENTITY_RE.search(data):
        raise FileRefused(
            "xml_entity", "Excel 2003 XML 表格含 DOCTYPE/ENTITY 声明，疑似实体膨胀（XML 炸弹）攻击"
        )


def _refuse_entities(part: str, chunk: bytes) -> None:
    if _ENTITY_RE.search(chunk):
        raise FileRefused(
            "xml_entity", f"工作簿内部 XML（{part[:60]}）含 DOCTYPE/ENTITY 声明，疑似 XML 实体攻击"
        )


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Stream one XML part: no DOCTYPE/ENTITY anywhere; sheet dimension within the limits."""
    tail = b""
    first = True
    with archive.open(info) as handle:
        while chunk := handle.read(_SCAN_CHUNK):
            if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                # Excel never writes UTF-16 parts; decoding them would only hide a DOCTYPE.
                raise FileRefused("xml_entity", f"工作簿内部 XML（{info.filename}）编码异常")
            window = tail + chunk
            _refuse_entities(info.filename, window)
            if first and info.filename.startswith("xl/worksheets/"):
                _check_dimension(info.filename, window, limits)
            first = False
            tail = window[-64:]


def _check_dimension(part: str, head: bytes, limits: Limits) -> None:
    match = _DIMENSION_RE.search(head[:8192])
    if not match:
        return
    last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    rows = int(last_row or 0)
    cols = column_index(last_col.decode()) if last_col else 0
    check_size(rows, cols, limits, part)
