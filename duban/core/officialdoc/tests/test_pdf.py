"""The PDF LibreOffice makes from our .docx keeps the standard: checked on the PDF itself,
with positions read back by poppler (A4, type area, 22-line grid, page numbers, numbers
whole, nothing dropped, 版记 on the foot of the last page, fonts embedded)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from docx import Document
from docx.shared import Pt

from duban.core.officialdoc import render_docx
from duban.core.officialdoc.pdfcheck import layout_problems, pages
from duban.core.officialdoc.tests.samples import letter, long_file, score_rows
from duban.core.officialdoc.tests.support import to_pdfs

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="rendering does not depend on the database: once"
)


def _too_narrow() -> bytes:
    """A table as a word processor lays it out when nobody sizes the columns: 94.79 in a
    column a few characters wide (what the Q3 bulletin printed before)."""
    doc = Document()
    table = doc.add_table(rows=1, cols=12)
    table.autofit = False
    for cell in table.rows[0].cells:
        cell.width = Pt(20)
        cell.text = "94.79"
    return _save(doc)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return to_pdfs(
        tmp_path_factory.mktemp("pdf"),
        {
            "file": render_docx(long_file()),
            "letter": render_docx(letter()),
            "narrow": _too_narrow(),
        },
    )


def test_a_long_document_keeps_the_standard_on_every_page(pdfs: dict[str, Path]) -> None:
    numbers = sorted(
        {cell for row in score_rows() for cell in row[2:]} | {"1,234,567.89", "112.3%"}
    )
    problems = layout_problems(
        pdfs["file"],
        numbers=numbers,
        texts=[
            "特此通报。",
            "各街道办事处，洪山镇政府",
            "福州市鼓楼区发展和改革局",
            "2021年10月15日",
        ],
        imprint=True,
    )
    assert problems == []
    assert len(pages(pdfs["file"])) >= 3


def test_a_long_table_repeats_its_caption_and_headings_on_the_next_page(
    pdfs: dict[str, Path],
) -> None:
    with_table = [p for p in pages(pdfs["file"]) if "街镇组考评得分及排名" in p.text]
    assert len(with_table) >= 2
    assert all("总分" in p.text and "排名" in p.text for p in with_table)


def test_a_letter_keeps_the_letter_format(pdfs: dict[str, Path]) -> None:
    problems = layout_problems(
        pdfs["letter"],
        letterhead=True,
        numbers=["2,086", "6,928", "59.8%", "30.1%"],
        texts=["已亮红灯。截至2021年8月", "特此函告。"],  # the 。 at a line's end stays
    )
    assert problems == []
    first = pages(pdfs["letter"])[0]
    mark = next(line for line in first.lines if line.text == "鼓楼区发展和改革局")
    assert 28 <= mark.y0 <= 32  # the glyphs 30 mm from the top edge (10.1); the box a little above


def test_the_check_finds_a_number_broken_by_a_narrow_column(pdfs: dict[str, Path]) -> None:
    problems = layout_problems(pdfs["narrow"], numbers=["94.79"])
    assert "数字不完整或缺失：94.79" in problems
    assert any(p.startswith("第1页不是A4") for p in problems)  # python-docx's Letter paper
