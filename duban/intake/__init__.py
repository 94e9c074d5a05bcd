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

import dataclasses
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
    """Proposals for a read document; offsets index ``document.original``.

    For a web page that is the HTML source: ``text`` stays the words as shown, and
    ``original[start:end]`` is those words as written (the same string unless a tag or a
    character reference lies inside the span).
    """
    proposals = extract(document.text, document.chrome)
    if document.page is None:
        return proposals
    mapped: list[Proposal] = []
    for proposal in proposals:
        start, end = document.to_original(proposal.start, proposal.end)
        mapped.append(dataclasses.replace(proposal, start=start, end=end))
    return mapped


def extract_file(path: str | Path) -> list[Proposal]:
    """Proposals for a .txt/.docx/.doc/.wps/.pdf/.html file; offsets index its original text."""
    return extract_document(load_file(path))
