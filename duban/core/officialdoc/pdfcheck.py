"""Read a PDF's layout back, to check a generated document against the standard.

Uses poppler-utils from Debian (set-up installs it): `pdfinfo` for page sizes, `pdffonts`
for embedding, `pdftotext -bbox-layout` for every word with its position. Positions are in
millimetres from the page's top-left corner, as the standard states its margins.
"""

from __future__ import annotations

# subprocess runs fixed programs (soffice, poppler) with arguments we build, never a shell.
import itertools
import re
import shutil
import subprocess  # nosec B404
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from duban.core.officialdoc import gbt9704 as std

MM_PER_PT = 25.4 / 72
_XHTML = "{http://www.w3.org/1999/xhtml}"
# A number as documents print it: 1,234.56 or 94.79 or 12.3% (a leading minus kept).
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")


def poppler_available() -> bool:
    return all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext"))


def _run(*args: str) -> str:
    result = subprocess.run(  # noqa: S603  # nosec B603
        list(args), capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    block: int  # lines of one block belong to one flow of text (a paragraph, a table cell)

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    """Every page's (width, height) in mm."""
    out = _run("pdfinfo", "-f", "1", "-l", "9999", str(pdf))
    sizes = re.findall(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(float(w) * MM_PER_PT, float(h) * MM_PER_PT) for w, h in sizes]


@dataclass(frozen=True)
class FontInfo:
    name: str
    embedded: bool


def fonts(pdf: Path) -> list[FontInfo]:
    """The fonts the PDF uses and whether each is embedded."""
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    found = []
    for row in rows:
        parts = row.split()
        # name type [encoding words…] emb sub uni object ID: emb is the 5th field from the end.
        if len(parts) >= 7:
            found.append(FontInfo(parts[0], parts[-5] == "yes"))
    return found


def pages(pdf: Path) -> list[Page]:
    """Every page's lines of words with positions (mm from the top-left corner)."""
    xml = _run("pdftotext", "-bbox-layout", str(pdf), "-")
    root = ElementTree.fromstring(xml.encode("utf-8"))
    out = []
    block_id = 0
    for n, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        lines = []
        for block in page.iter(f"{_XHTML}block"):
            block_id += 1
            for line in block.iter(f"{_XHTML}line"):
                words = tuple(
                    Word(
                        w.text or "",
                        float(w.get("xMin", 0)) * MM_PER_PT,
                        float(w.get("yMin", 0)) * MM_PER_PT,
                        float(w.get("xMax", 0)) * MM_PER_PT,
                        float(w.get("yMax", 0)) * MM_PER_PT,
                    )
                    for w in line.iter(f"{_XHTML}word")
                )
                if words:
                    lines.append(Line(words, block_id))
        out.append(
            Page(
                n,
                float(page.get("width", 0)) * MM_PER_PT,
                float(page.get("height", 0)) * MM_PER_PT,
                tuple(lines),
            )
        )
    return out


def split_numbers(all_pages: list[Page]) -> list[str]:
    """Pieces of numbers broken at a line end: a line ending in a digit followed by a decimal
    point or thousands comma ("94." / "1,234,"), or a line starting with the rest of one (".79",
    "%"). Word and LibreOffice only break a number where its column is too narrow for it.
    A break between two digits leaves no mark; `numbers_missing` finds those."""
    faults = []
    for page in all_pages:
        for line in page.lines:
            last, first = line.words[-1].text, line.words[0].text
            if re.search(r"\d[.,]$", last):
                faults.append(f"第{page.number}页：行尾“{last}”")
            if re.match(r"[.,%]", first):
                faults.append(f"第{page.number}页：行首“{first}”")
    return faults


def numbers_missing(all_pages: list[Page], expected: list[str]) -> list[str]:
    """The expected numbers that appear whole in no word of the PDF (a number split over
    lines, or a cell too narrow for it, shows up here). Table cells are words of their own;
    in running text a number is delimited by the characters around it."""
    words = [w.text for page in all_pages for line in page.lines for w in line.words]
    missing = []
    for number in expected:
        pattern = re.compile(r"(?<![\d.])" + re.escape(number) + r"(?![\d])")
        if not any(pattern.search(text) for text in words):
            missing.append(number)
    return missing


# --- the standard, checked on a PDF --------------------------------------------------------------

TOLERANCE_MM = 1.0
_PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’—…]")
_CJK_ONLY = re.compile(r"^[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’—…]+$")


def _near(value: float, target: float, tolerance: float = TOLERANCE_MM) -> bool:
    return abs(value - target) <= tolerance


def layout_problems(
    pdf: Path,
    *,
    numbers: list[str] = (),  # type: ignore[assignment]
    texts: list[str] = (),  # type: ignore[assignment]
    letterhead: bool = False,
    imprint: bool = False,
) -> list[str]:
    """What in a generated PDF breaks GB/T 9704-2012 or loses content, in words a person can
    act on; empty when the document is right. Checks: A4 pages; fonts embedded; every word
    inside the 156 × 225 mm type area at 28 mm / 37 mm (the 信函格式's letterhead above it on
    page 1 excepted); body lines on the 22-line grid, 28 characters to a full line of
    Chinese; page numbers "— n —" 7 mm below the type area, odd pages right and even pages
    left, one character in (none on a letter's first page); no number broken over lines and
    every expected number whole; every expected text present (nothing dropped); the 版记's
    last rule on the foot of the last page's type area."""
    problems: list[str] = []
    for n, (w, h) in enumerate(page_sizes_mm(pdf), start=1):
        if not (_near(w, std.PAGE_WIDTH_MM, 0.5) and _near(h, std.PAGE_HEIGHT_MM, 0.5)):
            problems.append(f"第{n}页不是A4：{w:.1f}×{h:.1f} mm")
    for font in fonts(pdf):
        if not font.embedded:
            problems.append(f"字体未嵌入：{font.name}")
    left, top = std.MARGIN_LEFT_MM, std.MARGIN_TOP_MM
    right, bottom = left + std.TEXT_WIDTH_MM, top + std.TEXT_HEIGHT_MM
    one_char = std.PAGE_NUMBER_SIZE * 25.4 / 72
    all_pages = pages(pdf)
    pitches: list[float] = []
    flush_left = 0
    widths: list[tuple[int, bool, str]] = []
    for page in all_pages:
        body = [line for line in page.lines if not _PAGE_NUMBER.match(line.text)]
        numbers_here = [line for line in page.lines if _PAGE_NUMBER.match(line.text)]
        for line in body:
            above = letterhead and page.number == 1 and line.y0 < top
            if not above and (line.x0 < left - TOLERANCE_MM or line.x1 > right + TOLERANCE_MM):
                problems.append(f"第{page.number}页文字超出版心左右边界：“{line.text[:16]}”")
            if not above and (line.y0 < top - TOLERANCE_MM or line.y1 > bottom + TOLERANCE_MM):
                problems.append(f"第{page.number}页文字超出版心上下边界：“{line.text[:16]}”")
        flush_left += sum(1 for line in body if _near(line.x0, left, 0.5))
        full = sorted(
            (line for line in body if _near(line.x0, left, 0.5) and _near(line.x1, right, 1.0)),
            key=lambda line: line.y0,
        )
        pitches += [b.y0 - a.y0 for a, b in itertools.pairwise(full)]
        widths += [
            (len(line.text), bool(_PUNCTUATION.search(line.text)), line.text)
            for line in full
            if _CJK_ONLY.match(line.text)
        ]
        expect_number = not (letterhead and page.number == 1)
        if expect_number and len(numbers_here) != 1:
            problems.append(f"第{page.number}页页码应为“— {page.number} —”")
        for line in numbers_here:
            middle = (line.y0 + line.y1) / 2
            if not expect_number:
                problems.append(f"信函格式首页不应有页码：“{line.text}”")
            elif not _near(middle, bottom + 7, 1.5):
                problems.append(f"第{page.number}页页码不在版心下7 mm：{middle - bottom:.1f} mm")
            elif page.number % 2 and not _near(line.x1, right - one_char, 1.5):
                problems.append(f"第{page.number}页（单页）页码应居右空一字")
            elif not page.number % 2 and not _near(line.x0, left + one_char, 1.5):
                problems.append(f"第{page.number}页（双页）页码应居左空一字")
    if not flush_left:
        problems.append("没有一行从订口28 mm起排（左边距不对）")
    grid = std.TEXT_HEIGHT_MM / std.LINES_PER_PAGE
    same_paragraph = [p for p in pitches if p < grid * 1.5]
    if same_paragraph and not all(_near(p, grid, 0.3) for p in same_paragraph):
        problems.append(f"正文行距不是每页22行（{grid:.2f} mm）：{sorted(set(same_paragraph))}")
    for count, punctuated, text in widths:
        # A full line of Chinese holds 28 characters; one with punctuation may hold 27 (a
        # mark that may not start a line pulls the character before it down).
        allowed = {std.CHARS_PER_LINE - 1, std.CHARS_PER_LINE} if punctuated else {28}
        if count not in allowed:
            problems.append(f"正文满行应为28字，实际{count}字：“{text[:10]}…”")
    problems += [f"数字被拆行：{fault}" for fault in split_numbers(all_pages)]
    problems += [f"数字不完整或缺失：{n}" for n in numbers_missing(all_pages, list(numbers))]
    flat = re.sub(r"\s+", "", "".join(page.text for page in all_pages))
    problems += [f"文字缺失：{t[:20]}" for t in texts if re.sub(r"\s+", "", t) not in flat]
    if imprint:
        last = all_pages[-1]
        printed = [line for line in last.lines if "印发" in line.text]
        if not printed or not _near(max(line.y1 for line in printed), bottom, 4.0):
            problems.append("版记未排在最后一页版心底部")
    return problems
