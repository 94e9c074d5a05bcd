"""Turn an uploaded or pasted document into its *original text*, the string offsets point into.

A proposal's ``start``/``end`` must let anyone find the exact source again, so every reader
here fixes one original string and never rewrites it afterwards:

* a .txt file: its decoded bytes (line endings and all);
* an .html page: its source as decoded. The rules read the page's visible text (one block per
  line, see ``webpage``), and the document carries the map from visible characters back to
  the source, so offsets reported for a page index its HTML;
* a .docx: its paragraphs and table rows, one per line; a .doc/.wps: the same, read from the
  .docx LibreOffice converts it to (``office``);
* a text PDF: its paragraphs, wrapped lines joined (``pdf``);
* pasted text: itself.

Conversions for matching (Traditional → Simplified, full-width → half-width) happen later, on
copies of the same length. Every upload is checked before it is parsed: size, and type by
content as well as by name (a renamed executable, a spreadsheet called .doc, a PDF called
.txt are refused). Nothing here imports Django: ``duban extract`` and the Python API work
without the web app.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from duban.intake.errors import IntakeError
from duban.intake.office import docx_text, is_word_binary, legacy_to_docx
from duban.intake.pdf import pdf_text
from duban.intake.webpage import Page, read_page

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "SUFFIXES",
    "IntakeError",
    "SourceDocument",
    "decode_text",
    "load_bytes",
    "load_file",
    "load_paste",
    "reread",
]

# A work report is tens of kilobytes; a few megabytes leaves room for a .docx with a logo or a
# PDF with a seal, and refuses anything that would make the page or the extractor slow.
MAX_BYTES = 5 * 1024 * 1024

KINDS = ("txt", "docx", "html", "paste", "pdf", "doc", "wps")
SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")
_BINARY_HEADS = (b"PK\x03\x04", b"MZ", b"\x7fELF", b"%PDF", b"\xd0\xcf\x11\xe0")


@dataclass(frozen=True)
class SourceDocument:
    """A document ready for extraction.

    ``text`` is what the rules read; ``original`` is what offsets index. They are the same
    string except for a web page, where ``page`` maps the visible ``text`` back to the source.
    ``chrome`` holds (start, end) ranges of ``text`` the reader already knows are page chrome
    (an HTML ``<nav>`` or footer); the cleaner adds what it finds in the text itself.
    """

    text: str
    name: str
    kind: str
    sha256: str
    encoding: str | None = None
    chrome: tuple[tuple[int, int], ...] = field(default=())
    source: str | None = None
    page: Page | None = None

    @property
    def original(self) -> str:
        """The decoded original text that proposal offsets index."""
        return self.source if self.source is not None else self.text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``original`` of the span ``text[start:end]``."""
        return self.page.to_source(start, end) if self.page else (start, end)

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` that the original span ``start:end`` was read from."""
        return self.page.to_visible(start, end) if self.page else (start, end)


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
    if suffix in (".doc", ".wps"):
        if not is_word_binary(data):
            raise IntakeError("这不是有效的 Word/WPS（.doc/.wps）文件。")
        return suffix[1:]
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise IntakeError("这不是有效的 PDF 文件。")
        return "pdf"
    if suffix in (".html", ".htm"):
        kind = "html"
    elif suffix == ".txt":
        kind = "txt"
    else:
        raise IntakeError("只支持 .txt、.docx、.doc、.wps、.pdf、.html 文件。")
    if data[:4].startswith(_BINARY_HEADS):
        raise IntakeError("文件内容与扩展名不符，已拒绝。")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeError("文件内容与扩展名不符，已拒绝。")
    return kind


def load_bytes(data: bytes, name: str) -> SourceDocument:
    """Read an upload (.txt, .docx, .doc, .wps, .pdf or .html) into a :class:`SourceDocument`.

    Raises :class:`IntakeError` with a Chinese message for anything too large, of another
    type, or unreadable; nothing is written anywhere (a conversion's temporary files are
    removed before this returns).
    """
    if len(data) > MAX_BYTES:
        raise IntakeError(f"文件过大：最大 {MAX_BYTES // (1024 * 1024)} MB。")
    if not data:
        raise IntakeError("文件是空的。")
    kind = _kind_of(name, data)
    digest = _sha256(data)
    if kind == "docx":
        return SourceDocument(docx_text(data), name, kind, digest)
    if kind in ("doc", "wps"):
        return SourceDocument(docx_text(legacy_to_docx(data, f".{kind}")), name, kind, digest)
    if kind == "pdf":
        return SourceDocument(pdf_text(data), name, kind, digest)
    decoded, encoding = decode_text(data)
    if kind == "html":
        return _html_document(decoded, name, digest, encoding)
    return SourceDocument(decoded, name, kind, digest, encoding)


def _html_document(source: str, name: str, digest: str, encoding: str | None) -> SourceDocument:
    """A web page: the visible text to read, the source to point into."""
    page = read_page(source)
    return SourceDocument(page.text, name, "html", digest, encoding, page.chrome, source, page)


def reread(original: str, kind: str, name: str = "", sha256: str = "") -> SourceDocument:
    """The document again from its stored original text (the review page and services).

    Only a web page needs reading again (its visible text and map come from the source); any
    other kind's original text is what the rules read.
    """
    if kind == "html":
        return _html_document(original, name, sha256, None)
    return SourceDocument(original, name, kind, sha256)


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
