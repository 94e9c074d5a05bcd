"""Shared by the tests that turn documents into PDF: they need LibreOffice Writer and
poppler-utils (scripts/system-deps.sh installs both). Locally they skip without them; CI
(CI=true) fails instead, as it does for Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from duban.core.officialdoc.pdf import convert_to_pdf, writer_available
from duban.core.officialdoc.pdfcheck import poppler_available


def require_pdf_tools() -> None:
    if writer_available() and poppler_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI 需要 LibreOffice Writer 和 poppler-utils（scripts/system-deps.sh 安装）")
    pytest.skip("LibreOffice Writer or poppler-utils not installed")


def to_pdfs(directory: Path, documents: dict[str, bytes]) -> dict[str, Path]:
    """Write .docx files and convert them all with one LibreOffice start."""
    require_pdf_tools()
    sources = []
    for name, data in documents.items():
        path = directory / f"{name}.docx"
        path.write_bytes(data)
        sources.append(path)
    pdfs = convert_to_pdf(sources, directory)
    return {path.stem: path for path in pdfs}
