"""Text PDFs: the words of each page, wrapped lines joined back into paragraphs.

A PDF stores positioned glyphs, not paragraphs: a sentence of a plan breaks wherever the line
was full, and extractors put spaces between Chinese characters and the digits beside them
(``530 项``). The rules read one paragraph per line and a unit right after its number, so the
PDF's *original text* (what offsets index) is defined here as its extracted text with those
two artefacts undone: lines that run to the right margin and do not end a sentence are joined
to the next, spaces touching a Chinese character are dropped, and bare page numbers
(``- 3 -``, ``第 3 页``) are left out.

A scanned PDF is pictures of pages: it has (almost) no text, and the reader says so instead of
proposing nothing. pypdf (maintained, pure Python) caps every decompression (75 MB by
default), so a PDF bomb fails quickly; pages are capped here too.
"""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

from duban.intake.errors import IntakeError

__all__ = ["MAX_PAGES", "SCANNED_MESSAGE", "join_lines", "pdf_text"]

MAX_PAGES = 300
# Fewer visible characters than this per page on average: pictures of text, not text.
MIN_CHARACTERS_PER_PAGE = 20
SCANNED_MESSAGE = (
    "这个 PDF 没有可提取的文字，可能是扫描件（图片）。请上传文字版 PDF 或 Word 文件，"
    "或先对扫描件做文字识别（OCR）后再上传。"
)
_WIDE = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t]+(?=\S)|(?<=\S)[ \t]+(?=[{_WIDE}])")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4})\s*$"
)
_SENTENCE_END = re.compile(r"[。！？；：!?;:]\s*$")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])"
)
# A line at least this share of the widest line ran to the margin (it was wrapped).
_FULL_LINE = 0.85


def _width(line: str) -> int:
    """Display width: a Chinese character is as wide as two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def join_lines(pages: list[str]) -> str:
    """Paragraphs, one per line, from the extracted text of each page (see module docstring)."""
    lines: list[str] = []
    for page in pages:
        for raw in page.splitlines():
            line = _SPACE_BY_WIDE.sub("", raw).strip()
            if line and not _PAGE_NUMBER.match(line):
                lines.append(line)
    if not lines:
        return ""
    widths = sorted(_width(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] * _FULL_LINE
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        current += line
        following = lines[index + 1] if index + 1 < len(lines) else ""
        wrapped = (
            _width(line) >= full
            and not _SENTENCE_END.search(line)
            and following
            and not _HEADING_START.match(following)
        )
        if not wrapped:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def pdf_text(data: bytes) -> str:
    """The original text of a text PDF; :class:`IntakeError` for scanned, encrypted or broken."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IntakeError("PDF 文件已加密，无法读取；请上传未加密的文件。")
        if len(reader.pages) > MAX_PAGES:
            raise IntakeError(f"PDF 页数过多：最多 {MAX_PAGES} 页。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IntakeError:
        raise
    except Exception as exc:  # pypdf raises many types on a damaged or hostile file
        raise IntakeError("PDF 文件已损坏或格式不受支持。") from exc
    visible = sum(len(re.sub(r"\s", "", page)) for page in pages)
    if visible < MIN_CHARACTERS_PER_PAGE * max(1, len(pages)):
        raise IntakeError(SCANNED_MESSAGE)
    return join_lines(pages)
