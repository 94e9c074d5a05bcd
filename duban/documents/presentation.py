"""An official document shown on a page: the same `OfficialDocument` the .docx is written
from, as plain dicts a template walks (so the page and the file can never say different
things)."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase

from duban.core import uploads
from duban.core.officialdoc import Chart, Heading, OfficialDocument, Paragraph, Table
from duban.core.officialdoc.spec import chinese_date, heading_labels


def _cells(table: Table, row: Any) -> list[dict[str, Any]]:
    return [{"text": t, "numeric": c.numeric} for c, t in zip(table.columns, row, strict=True)]


def for_page(doc: OfficialDocument) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for block, label in zip(doc.body, heading_labels(doc.body), strict=True):
        if isinstance(block, Heading):
            blocks.append({"type": "heading", "level": block.level, "text": label})
        elif isinstance(block, Paragraph):
            blocks.append({"type": "paragraph", "text": block.text, "indent": block.indent})
        elif isinstance(block, Table):
            blocks.append(
                {
                    "type": "table",
                    "caption": block.caption,
                    "note": block.note,
                    "columns": [{"label": c.label, "numeric": c.numeric} for c in block.columns],
                    "rows": [_cells(block, row) for row in block.rows],
                }
            )
        elif isinstance(block, Chart):
            blocks.append({"type": "chart", "caption": block.caption})
    imprint = doc.imprint
    return {
        "issuer_mark": doc.issuer_mark,
        "number": doc.number,
        "title": doc.title,
        "addressee": doc.addressee,
        "blocks": blocks,
        "closing": doc.closing,
        "signature": doc.signature,
        "date": chinese_date(doc.date) if doc.date else "",
        "cc": "，".join(imprint.cc) if imprint and imprint.cc else "",
        "printer": imprint.printer if imprint else "",
        "printed_on": chinese_date(imprint.printed_on) if imprint and imprint.printed_on else "",
        "layout": str(doc.layout),
    }


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def document_response(data: bytes, fmt: str, ascii_name: str, title: str) -> HttpResponseBase:
    """A document download through the one download helper (attachment, safe name, nosniff,
    no-store), named by its 文号 and title (`ascii_name` is kept for callers' logs)."""
    return uploads.download_response(
        data, filename=f"{title[:80]}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )
