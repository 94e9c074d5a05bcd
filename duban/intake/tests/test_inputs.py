"""PDF, .doc and .wps inputs: read when they hold text, refused clearly when they do not.

Every upload path keeps its checks: size, type by content (not by name), and nothing left
behind. .doc/.wps go through the LibreOffice that set-up installs (scripts/system-deps.sh).
"""

import io
import os
import stat
import tempfile
from pathlib import Path

import pytest

from duban.intake import IntakeError, extract_document, load_bytes, load_file, office, pdf
from duban.intake.webpage import read_page

DOCUMENTS = Path(__file__).resolve().parent.parent / "evaluation" / "documents"
needs_libreoffice = pytest.mark.skipif(
    office.converter() is None and os.environ.get("CI") != "true",
    reason="LibreOffice not installed (scripts/system-deps.sh installs it)",
)


def _blank_pdf(pages: int = 1, password: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner makes it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    figure = plt.figure(figsize=(8.27, 11.69))
    figure.figimage(np.random.default_rng(1).random((400, 300)), cmap="gray")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    plt.close(figure)
    return buffer.getvalue()


def test_a_text_pdf_is_read_with_its_wrapped_lines_joined_into_paragraphs() -> None:
    document = load_file(DOCUMENTS / "h8_plan.pdf")
    assert document.kind == "pdf"
    assert (
        "全年策划生成项目共180个，总投资900亿元；实施省市区重点项目共530项，年度计划投资420亿元。"
        in (document.text.splitlines())[3]
    )
    for proposal in extract_document(document):
        assert document.original[proposal.start : proposal.end] == proposal.text


def test_spaces_a_pdf_puts_beside_chinese_are_dropped_and_page_numbers_left_out() -> None:
    text = pdf.join_lines(
        ["全年安排重点项目共 530 项，总投资 1850 亿元。\n- 1 -", "第 2 页\n二、保障措施"]
    )
    assert text == "全年安排重点项目共530项，总投资1850亿元。\n二、保障措施"


def test_a_scanned_pdf_is_refused_with_a_clear_message() -> None:
    with pytest.raises(IntakeError, match="扫描件"):
        load_bytes(_scanned_pdf(), "扫描件.pdf")
    with pytest.raises(IntakeError, match="扫描件"):
        load_bytes(_blank_pdf(), "空白.pdf")


def test_an_encrypted_pdf_is_refused() -> None:
    with pytest.raises(IntakeError, match="加密"):
        load_bytes(_blank_pdf(password="secret"), "加密.pdf")


def test_a_pdf_with_too_many_pages_is_refused_before_reading_them() -> None:
    with pytest.raises(IntakeError, match="页数过多"):
        load_bytes(_blank_pdf(pages=pdf.MAX_PAGES + 1), "厚.pdf")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00 an executable", "plan.pdf", "不是有效的 PDF"),
        (b"%PDF-1.7 pretending", "plan.txt", "不符"),
        (b"%PDF-1.7\n%%EOF", "plan.pdf", "PDF 文件已损坏"),
        (b"MZ\x90\x00 an executable", "plan.doc", "Word/WPS"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Workbook".ljust(512, b"\0"),
            "plan.wps",
            "Word/WPS",
        ),
        (b"PK\x03\x04 a zip", "plan.doc", "Word/WPS"),
        (b"hello", "plan.xls", "只支持"),
    ],
)
def test_inputs_are_typed_by_content_not_by_name(data: bytes, name: str, message: str) -> None:
    with pytest.raises(IntakeError, match=message):
        load_bytes(data, name)


@needs_libreoffice
@pytest.mark.parametrize("name", ["t9_plan.doc", "h7_plan.wps"])
def test_doc_and_wps_files_are_converted_and_read(name: str) -> None:
    document = load_file(DOCUMENTS / name)
    assert document.kind == name.rsplit(".", 1)[1]
    assert "2024年" in document.text.splitlines()[0]
    proposals = extract_document(document)
    assert len(proposals) >= 15
    for proposal in proposals:
        assert document.original[proposal.start : proposal.end] == proposal.text


@needs_libreoffice
def test_a_conversion_leaves_no_temporary_file() -> None:
    before = {p.name for p in Path(tempfile.gettempdir()).glob("duban-convert-*")}
    load_file(DOCUMENTS / "t9_plan.doc")
    after = {p.name for p in Path(tempfile.gettempdir()).glob("duban-convert-*")}
    assert after == before


def test_without_libreoffice_a_doc_gets_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(IntakeError, match="LibreOffice"):
        load_file(DOCUMENTS / "t9_plan.doc")


def test_a_conversion_that_hangs_is_stopped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("DUBAN_SOFFICE", str(slow))
    monkeypatch.setattr(office, "CONVERT_TIMEOUT_S", 1)
    with pytest.raises(IntakeError, match="超时"):
        load_file(DOCUMENTS / "t9_plan.doc")


def test_a_page_whose_head_is_never_closed_still_shows_its_body() -> None:
    page = read_page("<html><head><title>t</title><meta charset=utf-8><p>全年新开工项目50个。</p>")
    assert page.text == "全年新开工项目50个。"


def test_unknown_references_are_shown_as_written() -> None:
    page = read_page("<p>A &amp; B &unknown; &#20159;元</p>")
    assert page.text == "A & B &unknown; 亿元"
