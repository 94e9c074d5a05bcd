"""Document intake: read a work report or plan and propose the quantitative targets in it.

The engine is pure Python and imports nothing from Django, so it can be used without the web
app::

    from duban.intake import extract_file, extract_text
    for proposal in extract_file("plan.docx"):
        print(proposal.value, proposal.unit, proposal.metric, proposal.text)

The review page, models and services (Django) live in this package's other modules and are
only imported by the web app.
"""

from __future__ import annotations

from pathlib import Path

from duban.intake.extract import COMPARATORS, Proposal, extract
from duban.intake.text import (
    IntakeError,
    SourceDocument,
    load_bytes,
    load_file,
    load_paste,
)

__all__ = [
    "COMPARATORS",
    "IntakeError",
    "Proposal",
    "SourceDocument",
    "extract_document",
    "extract_file",
    "extract_text",
    "load_bytes",
    "load_file",
    "load_paste",
]


def extract_text(text: str) -> list[Proposal]:
    """Proposals for a pasted text; offsets index ``text`` itself."""
    return extract(text)


def extract_document(document: SourceDocument) -> list[Proposal]:
    """Proposals for a read document; offsets index ``document.text``."""
    return extract(document.text, document.chrome)


def extract_file(path: str | Path) -> list[Proposal]:
    """Proposals for a .txt/.docx/.html file; offsets index its decoded original text."""
    return extract_document(load_file(path))
