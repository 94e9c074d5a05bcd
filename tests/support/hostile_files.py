"""The hostile and broken files the importer must refuse, generated rather than committed.

`make_all(folder)` writes one file of each kind and returns {name: expected refusal code};
`scripts/make_hostile_files.py` calls it to fill `var/hostile/` for manual tries, and the tests
call it into a temporary folder. Each is small on disk; the bomb is 50 MB of zeros compressed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from duban.transfer.headers import letter
from duban.transfer.safety import CFB_MAGIC

EXPECTED = {
    "not_a_spreadsheet.pdf": "not_spreadsheet",
    "renamed_program.xlsx": "renamed",
    "corrupted.xlsx": "corrupt_zip",
    "zip_bomb.xlsx": "zip_bomb",
    "million_rows.xlsx": "too_many_rows",
    "ten_thousand_columns.xlsx": "too_many_cols",
    "encrypted.xlsx": "encrypted",
    "legacy.xls": "legacy_xls",
    "xml_entity_attack.xlsx": "xml_entity",
    "macro.xlsm": "macro",
    "vba_inside.xlsx": "macro",
    "zip_slip.xlsx": "zip_path",
    "word_document.xlsx": "not_spreadsheet",
}
SHEET = "xl/worksheets/sheet1.xml"


def base_xlsx() -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(["项目名称", "责任单位", "总投资（万元）"])
    ws.append(["测试项目", "鼓东街道", 100])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """Copy an xlsx, swapping or adding parts (names are written exactly as given)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in add.items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet_with_dimension(ref: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{ref}"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>项目名称</t></is></c></row></sheetData></worksheet>"
    ).encode()


def _bomb(base: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == SHEET:
                with dst.open(zipfile.ZipInfo(SHEET), "w", force_zip64=True) as handle:
                    handle.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    zeros = b" " * (1 << 20)
                    for _ in range(50):
                        handle.write(zeros)
                    handle.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(info, src.read(info.filename))
    # ZipInfo defaults to stored; re-deflate so the ratio is bomb-like.
    return rewrite(out.getvalue())


def make_all(folder: Path) -> dict[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    base = base_xlsx()
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    cfb_padding = b"\x00" * 512
    files = {
        "not_a_spreadsheet.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "renamed_program.xlsx": b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run",
        "corrupted.xlsx": base[: len(base) // 2],
        "zip_bomb.xlsx": _bomb(base),
        "million_rows.xlsx": rewrite(base, {SHEET: _sheet_with_dimension("A1:L1000000")}),
        "ten_thousand_columns.xlsx": rewrite(
            base, {SHEET: _sheet_with_dimension(f"A1:{letter(9999)}1")}
        ),
        "encrypted.xlsx": CFB_MAGIC + cfb_padding + "EncryptionInfo".encode("utf-16-le"),
        "legacy.xls": CFB_MAGIC + cfb_padding + "Workbook".encode("utf-16-le"),
        "xml_entity_attack.xlsx": rewrite(base, {SHEET: xxe}),
        "macro.xlsm": base,
        "vba_inside.xlsx": rewrite(base, add={"xl/vbaProject.bin": b"\x00" * 64}),
        "zip_slip.xlsx": rewrite(base, add={"../../evil.txt": b"owned"}),
        "word_document.xlsx": _word_document(),
    }
    out = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        out[path] = EXPECTED[name]
    return out


def _word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr("word/document.xml", "<document/>")
    return out.getvalue()
