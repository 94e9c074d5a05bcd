"""Word documents: .docx read directly, .doc and .wps converted to .docx by LibreOffice first.

Districts still circulate Word 97-2003 (.doc) files and WPS Office's own .wps (a compound file
holding a ``WordDocument`` stream, like .doc). No maintained pure-Python reader handles those,
so they go through LibreOffice in headless mode (``soffice --convert-to docx``), which set-up
installs (``scripts/system-deps.sh``). Each conversion runs in its own temporary directory with
its own throw-away LibreOffice profile (so two conversions never share state and a document
cannot change the next one's settings), under a time limit, and leaves nothing behind. A fresh
profile keeps LibreOffice's default macro security, so a document's macros never run.

The converted .docx then goes through the same zip checks and reader as an uploaded one, and
its text is the document's original text.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from duban.intake.errors import IntakeError

__all__ = [
    "CONVERT_TIMEOUT_S",
    "check_zip",
    "converter",
    "docx_text",
    "is_word_binary",
    "legacy_to_docx",
]

# Limits that stop a zip bomb before python-docx inflates anything.
MAX_ZIP_ENTRIES = 500
MAX_ZIP_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_RATIO = 200
# A few pages convert in about a second; a file that takes longer than this is refused.
CONVERT_TIMEOUT_S = 60
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The compound file's directory names its streams in UTF-16LE; Word and WPS keep the text in
# a stream called WordDocument (a spreadsheet or an installer packed as OLE2 has none).
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open a .docx as a zip after refusing what is not one or would inflate too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IntakeError("这不是有效的 Word（.docx）文件。") from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise IntakeError("Word 文件结构异常（条目过多），已拒绝。")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith("/") or ".." in name.split("/"):
            raise IntakeError("Word 文件结构异常（路径非法），已拒绝。")
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
            raise IntakeError("Word 文件压缩比异常，已拒绝。")
    if total > MAX_ZIP_UNCOMPRESSED:
        raise IntakeError("Word 文件解压后过大，已拒绝。")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise IntakeError("这不是有效的 Word（.docx）文件：缺少正文。")
    return archive


def docx_text(data: bytes) -> str:
    """The text of a .docx: body paragraphs and table rows in document order, one per line.

    Table cells of a row are joined by a tab; horizontally merged cells (which python-docx
    repeats) are kept once.
    """
    check_zip(data)
    try:
        document = Document(io.BytesIO(data))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        text = cell.text.replace("\n", " ")
                        if not cells or cells[-1] != text:
                            cells.append(text)
                    lines.append("\t".join(cells))
    except Exception as exc:  # python-docx raises many types on a damaged file
        raise IntakeError("Word 文件已损坏或格式不受支持。") from exc
    return "\n".join(line.rstrip() for line in lines if line.strip())


def is_word_binary(data: bytes) -> bool:
    """True for a compound file that holds a Word/WPS text stream (.doc, .wps)."""
    return data.startswith(OLE2_MAGIC) and _WORD_STREAM in data


def converter() -> str | None:
    """The LibreOffice program: ``DUBAN_SOFFICE`` if set, else ``soffice`` on the PATH."""
    configured = os.environ.get("DUBAN_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def legacy_to_docx(data: bytes, suffix: str) -> bytes:
    """Convert a .doc/.wps file's bytes to .docx bytes with headless LibreOffice.

    Raises :class:`IntakeError` when LibreOffice is missing, fails, or takes too long; the
    temporary directory (input, output and profile) is removed in every case.
    """
    program = converter()
    if program is None:
        raise IntakeError(
            "服务器未安装文档转换组件（LibreOffice），暂不能读取 .doc/.wps 文件；"
            "请另存为 .docx 后上传。"
        )
    with tempfile.TemporaryDirectory(prefix="duban-convert-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "LANG": "C.UTF-8"}
        process = subprocess.Popen(  # noqa: S603 (a fixed program and arguments, no shell)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=folder,
            start_new_session=True,
        )
        try:
            process.wait(timeout=CONVERT_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise IntakeError("文件转换超时，已放弃；请另存为 .docx 后上传。") from exc
        produced = outdir / "document.docx"
        if process.returncode != 0 or not produced.exists():
            raise IntakeError(
                "文件无法转换（可能已损坏或并非 Word/WPS 文档），请另存为 .docx 后上传。"
            )
        return produced.read_bytes()
