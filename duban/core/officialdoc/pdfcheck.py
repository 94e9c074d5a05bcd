"""Read a PDF's layout back, to check a generated document against the standard.

Uses poppler-utils from Debian (set-up installs it): `pdfinfo` for page sizes, `pdffonts`
for embedding, `pdftotext -bbox-layout` for every word with its position. Positions are in
millimetres from the page's top-left corner, as the standard states its margins.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # nosec B404 - fixed poppler programs, no shell
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

MM_PER_PT = 25.4 / 72
_XHTML = "{http://www.w3.org/1999/xhtml}"
# A number as documents print it: 1,234.56 or 94.79 or 12.3% (a leading minus kept).
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")


def poppler_available() -> bool:
    return all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext"))


def _run(*args: str) -> str:
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program, no shell
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
