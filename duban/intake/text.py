"""Turn an uploaded or pasted document into its *original text*, the string offsets point into.

A proposal's ``start``/``end`` must let the review page highlight the exact source, so every
reader here returns one string and never rewrites it afterwards: a .txt file is its decoded
bytes (line endings and all); a .docx is its paragraphs and table rows, one per line; an
.html page is its visible text, one block per line. Conversions for matching (Traditional →
Simplified, full-width → half-width) happen later, on copies of the same length.

Nothing here imports Django: ``duban extract`` and the Python API work without the web app.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "IntakeError",
    "SourceDocument",
    "decode_text",
    "docx_text",
    "html_text",
    "load_bytes",
    "load_file",
    "load_paste",
]

# A work report is tens of kilobytes; a few megabytes leaves room for a .docx with a logo and
# refuses anything that would make the page or the extractor slow.
MAX_BYTES = 5 * 1024 * 1024
# Limits that stop a zip bomb before python-docx inflates anything.
MAX_ZIP_ENTRIES = 500
MAX_ZIP_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_RATIO = 200

KINDS = ("txt", "docx", "html", "paste")


class IntakeError(ValueError):
    """A document that cannot be read; the message is Chinese and safe to show to the user."""


@dataclass(frozen=True)
class SourceDocument:
    """A document ready for extraction.

    ``chrome`` holds (start, end) ranges the reader already knows are page chrome (an HTML
    ``<nav>`` or footer); the cleaner adds what it finds in the text itself.
    """

    text: str
    name: str
    kind: str
    sha256: str
    encoding: str | None = None
    chrome: tuple[tuple[int, int], ...] = field(default=())


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a .txt file: BOM first, then strict UTF-8, then GB18030 (what Chinese Windows saves).

    Returns (text, encoding). The BOM is not part of the text, so offsets start at the first
    real character.
    """
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise IntakeError(
                    "文件编码无法识别，请另存为 UTF-8 或 GB18030 后重新上传。"
                ) from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise IntakeError("文件编码无法识别，请另存为 UTF-8 或 GB18030 后重新上传。")


def _check_zip(data: bytes) -> zipfile.ZipFile:
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
    _check_zip(data)
    try:
        # deferred: python-docx (lxml) is loaded only for .docx input.
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

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
    except IntakeError:
        raise
    except Exception as exc:  # python-docx raises many types on a damaged file
        raise IntakeError("Word 文件已损坏或格式不受支持。") from exc
    return "\n".join(line.rstrip() for line in lines if line.strip())


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "center",
        "title",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "head",
    ]
)
_CHROME_TAGS = frozenset(["nav", "footer", "aside", "header", "form"])
_CHROME_NAMES = re.compile(
    r"nav|menu|footer|foot|copyright|breadcrumb|crumb|login|share|sidebar|side-bar|"
    r"related|recommend|comment|toolbar|banner|topbar|header|ad-|ads|links",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def _is_chrome_element(element: object) -> bool:
    """True for elements whose whole content is site chrome by tag or by class/id."""
    name = getattr(element, "name", None)
    if name in _CHROME_TAGS:
        return True
    attrs = getattr(element, "attrs", {}) or {}
    marks = " ".join([*(attrs.get("class") or []), str(attrs.get("id") or "")])
    return bool(marks.strip()) and bool(_CHROME_NAMES.search(marks))


def html_text(html: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Visible text of a saved web page, one block per line, and the ranges that are chrome.

    Scripts, styles and the head are dropped (the <title> is not part of the article text).
    Text inside <nav>, <footer>, <aside>, <header> or elements whose class/id says navigation,
    footer, related news or comments is kept in the text, so the reviewer sees the page as it
    was, but reported as chrome for the cleaner.
    """
    # deferred: BeautifulSoup is loaded only for HTML input.
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    lines: list[str] = []
    chrome_lines: set[int] = set()
    current: list[str] = []
    current_chrome = False

    def flush() -> None:
        nonlocal current, current_chrome
        line = _SPACES.sub(" ", "".join(current)).strip()
        if line:
            if current_chrome:
                chrome_lines.add(len(lines))
            lines.append(line)
        current = []
        current_chrome = False

    def walk(node: Tag, in_chrome: bool) -> None:
        nonlocal current_chrome
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:
                    continue  # comments, doctype, CDATA
                text = str(child)
                if text.strip():
                    current_chrome = current_chrome or in_chrome
                current.append(text)
            elif isinstance(child, Tag):
                if child.name in _SKIP_TAGS:
                    continue
                block = child.name in _BLOCK_TAGS
                if block:
                    flush()
                walk(child, in_chrome or _is_chrome_element(child))
                if block:
                    flush()

    walk(soup, False)
    flush()
    text = "\n".join(lines)
    ranges: list[tuple[int, int]] = []
    offset = 0
    for index, line in enumerate(lines):
        if index in chrome_lines:
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return text, tuple(ranges)


def _sha256(data: bytes) -> str:
    """Hex digest of the raw upload, stored so the same file can be recognised again."""
    return hashlib.sha256(data).hexdigest()


def _kind_of(name: str, data: bytes) -> str:
    """The document type from its name, confirmed by its content (never trusted blindly)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        if not data.startswith(b"PK\x03\x04"):
            raise IntakeError("这不是有效的 Word（.docx）文件。")
        return "docx"
    if suffix in (".html", ".htm"):
        kind = "html"
    elif suffix == ".txt":
        kind = "txt"
    else:
        raise IntakeError("只支持 .txt、.docx、.html 文件。")
    head = data[:4]
    if head.startswith((b"PK\x03\x04", b"MZ", b"\x7fELF", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise IntakeError("文件内容与扩展名不符，已拒绝。")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeError("文件内容与扩展名不符，已拒绝。")
    return kind


def load_bytes(data: bytes, name: str) -> SourceDocument:
    """Read an upload (.txt, .docx or .html) into a :class:`SourceDocument`.

    Raises :class:`IntakeError` with a Chinese message for anything too large, of another
    type, or unreadable; nothing is written anywhere.
    """
    if len(data) > MAX_BYTES:
        raise IntakeError(f"文件过大：最大 {MAX_BYTES // (1024 * 1024)} MB。")
    if not data:
        raise IntakeError("文件是空的。")
    kind = _kind_of(name, data)
    digest = _sha256(data)
    if kind == "docx":
        return SourceDocument(docx_text(data), name, kind, digest, None)
    decoded, encoding = decode_text(data)
    if kind == "html":
        text, chrome = html_text(decoded)
        return SourceDocument(text, name, kind, digest, encoding, chrome)
    return SourceDocument(decoded, name, kind, digest, encoding)


def load_paste(text: str, name: str = "粘贴文本") -> SourceDocument:
    """A pasted text is its own original text."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise IntakeError(f"文本过长：最大 {MAX_BYTES // (1024 * 1024)} MB。")
    return SourceDocument(text, name, "paste", _sha256(text.encode("utf-8")), "utf-8")


def load_file(path: str | Path) -> SourceDocument:
    """Read a file from disk (the CLI and the evaluation set use this)."""
    file_path = Path(path)
    with file_path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    return load_bytes(data, file_path.name)
