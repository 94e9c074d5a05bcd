"""The hostile and broken files the importer must refuse, generated rather than committed.

`make_all(folder)` writes one file of each kind and returns {name: expected refusal code};
`scripts/make_hostile_files.py` calls it to fill `var/hostile/` for manual tries, and the tests
call it into a temporary folder. Each is small on disk; the bomb is 50 MB of zeros compressed.
Legacy .xls files are written with xlwt (a development dependency: this module serves tests
and the script, never a request), their BIFF stream patched where a test needs a hostile one.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xlwt
from openpyxl import Workbook
from xlwt.CompoundDoc import XlsDoc

from duban.transfer.headers import letter
from duban.transfer.safety import CFB_MAGIC

EXPECTED = {
    "not_a_spreadsheet.pdf": "not_spreadsheet",
    "renamed_program.xlsx": "renamed",
    "corrupted.xlsx": "corrupt_zip",
    "zip_bomb.xlsx": "zip_bomb",
    "million_rows.xlsx": "too_many_rows",
    "ten_thousand_columns.xlsx": "too_many_cols",
    "far_apart_cells.xlsx": "too_many_rows",
    "encrypted.xlsx": "encrypted",
    "broken.xls": "corrupt_cfb",
    "xml_entity_attack.xlsx": "xml_entity",
    "macro.xlsm": "macro",
    "vba_inside.xlsx": "macro",
    "zip_slip.xlsx": "zip_path",
    "word_document.xlsx": "not_spreadsheet",
    # Legacy Excel / WPS .et (Compound File + BIFF)
    "password.xls": "encrypted",
    "vba_inside.et": "macro",
    "word_document.xls": "not_spreadsheet",
    "far_apart_cells.xls": "too_many_rows",
    # OpenDocument
    "macro.ods": "macro",
    "encrypted.ods": "encrypted",
    "entity_attack.ods": "xml_entity",
    "repeated_rows_bomb.ods": "too_many_rows",
    "repeated_formula_bomb.ods": "too_many_formulas",
    # Excel 2003 XML (SpreadsheetML) and web pages named .xls
    "billion_laughs.xml": "xml_entity",
    "external_entity.xml": "xml_entity",
    "far_row_index.xml": "too_many_rows",
    "web_page.xls": "html",
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


def _far_apart_sheet() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
        '<is><t>项目名称</t></is></c></row><row r="1048576"><c r="B1048576"><v>1</v></c>'
        "</row></sheetData></worksheet>"
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
        # The dimension says A1, the cells say otherwise: a dense grid would be 1,048,576 rows.
        "far_apart_cells.xlsx": rewrite(base, {SHEET: _far_apart_sheet()}),
        "encrypted.xlsx": CFB_MAGIC + cfb_padding + "EncryptionInfo".encode("utf-16-le"),
        "broken.xls": CFB_MAGIC + cfb_padding + "Workbook".encode("utf-16-le"),
        "xml_entity_attack.xlsx": rewrite(base, {SHEET: xxe}),
        "macro.xlsm": base,
        "vba_inside.xlsx": rewrite(base, add={"xl/vbaProject.bin": b"\x00" * 64}),
        "zip_slip.xlsx": rewrite(base, add={"../../evil.txt": b"owned"}),
        "word_document.xlsx": _word_document(),
        **_legacy_files(),
        **_ods_files(),
        **_spreadsheetml_files(),
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


def xls_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    """A small legacy .xls (BIFF8) written by xlwt."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(title)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cfb(stream: bytes) -> bytes:
    buffer = io.BytesIO()
    XlsDoc().save(buffer, stream)
    return buffer.getvalue()


def _rename_stream(data: bytes, old: str, new: str) -> bytes:
    """Rename a directory entry of a Compound File in place (name ≤ 31 UTF-16 characters)."""
    field = old.encode("utf-16-le") + b"\x00\x00"
    at = data.index(field)
    name = (new.encode("utf-16-le") + b"\x00\x00").ljust(64, b"\x00")
    size = (len(new) + 1) * 2
    return data[:at] + name + size.to_bytes(2, "little") + data[at + 66 :]


def _legacy_files() -> dict[str, bytes]:
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("表1").write(0, 0, "项目名称")
    stream = book.get_biff_data()
    # WRITEACCESS (0x005C, 112 bytes) turned into FILEPASS (0x002F) of the same size keeps
    # every sheet offset valid: only the password marker differs from a real workbook.
    write_access = stream.index(b"\x5c\x00\x70\x00")
    password = stream[:write_access] + b"\x2f\x00" + stream[write_access + 2 :]
    plain = _cfb(stream)
    far = xlwt.Workbook(encoding="utf-8")
    sheet = far.add_sheet("台账")
    sheet.write(0, 0, "项目名称")
    sheet.write(65535, 0, "最后一行")
    buffer = io.BytesIO()
    far.save(buffer)
    return {
        "password.xls": _cfb(password),
        "vba_inside.et": _rename_stream(plain, "Workbook", "_VBA_PROJECT_CUR"),
        "word_document.xls": _rename_stream(plain, "Workbook", "WordDocument"),
        "far_apart_cells.xls": buffer.getvalue(),
    }


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
    "</office:document-content>"
)


def ods_bytes(tables: str, extra: dict[str, bytes] | None = None, manifest: bytes = b"") -> bytes:
    """A minimal .ods package around the given <table:table> elements."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml", ODS_CONTENT.format(tables=tables), compress_type=zipfile.ZIP_DEFLATED
        )
        archive.writestr(
            "META-INF/manifest.xml",
            manifest
            or b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
            b'xmlns:manifest:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        for name, body in (extra or {}).items():
            archive.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _ods_files() -> dict[str, bytes]:
    cell = (
        '<table:table-cell office:value-type="string"><text:p>项目名称</text:p></table:table-cell>'
    )
    table = f'<table:table table:name="表1"><table:table-row>{cell}</table:table-row></table:table>'
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        + ODS_CONTENT.format(tables=table).split("?>", 1)[1].encode()
    )
    rows = (
        '<table:table table:name="重复行"><table:table-row table:number-rows-repeated="1000000">'
        f"{cell}</table:table-row></table:table>"
    )
    formula = (
        '<table:table table:name="重复公式"><table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell table:number-columns-repeated="150" table:formula="of:=1+1"'
        ' office:value-type="float" office:value="2"/></table:table-row></table:table>'
    )
    return {
        "macro.ods": ods_bytes(table, {"Basic/Standard/Module1.xml": b"<module/>"}),
        "encrypted.ods": ods_bytes(
            table,
            manifest=b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            b'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
            b"<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        ),
        "entity_attack.ods": _replace_part(ods_bytes(table), "content.xml", entity),
        "repeated_rows_bomb.ods": ods_bytes(rows),
        "repeated_formula_bomb.ods": ods_bytes(formula),
    }


def _replace_part(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, body if info.filename == name else src.read(info.filename))
    return out.getvalue()


SPREADSHEETML_HEAD = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
    ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
)


def _spreadsheetml_files() -> dict[str, bytes]:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="x" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Table><Row><Cell><Data ss:Type="String">&lol2;</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>"
    )
    external = (
        '<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="x" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Table><Row><Cell><Data ss:Type="String">&secret;</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>"
    )
    far = (
        SPREADSHEETML_HEAD + '<Worksheet ss:Name="台账"><Table>'
        '<Row><Cell><Data ss:Type="String">项目名称</Data></Cell></Row>'
        '<Row ss:Index="1000000"><Cell><Data ss:Type="String">远处</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    )
    page = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
        "</head><body><table><tr><td>项目名称</td></tr></table></body></html>"
    )
    return {
        "billion_laughs.xml": laughs.encode(),
        "external_entity.xml": external.encode(),
        "far_row_index.xml": far.encode(),
        "web_page.xls": page.encode(),
    }
