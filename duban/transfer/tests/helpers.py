"""Shared helpers for the transfer tests: table counts and workbook building."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from duban.audit.models import AuditEvent
from duban.projects.models import PlanListing, Project
from duban.reports.models import MonthlyReport
from duban.targets.models import Target
from duban.transfer.models import ColumnMapping, ImportBatch

BUSINESS = [Project, PlanListing, MonthlyReport, Target, ImportBatch, ColumnMapping]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*BUSINESS, AuditEvent]}


def business_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in BUSINESS}


def xlsx(rows: list[list[Any]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def spreadsheetml(book: Workbook) -> bytes:
    """An openpyxl workbook saved as Excel 2003 XML the way Excel writes it: rows and cells
    after a gap carry ss:Index, a merged range is its top-left cell with MergeAcross/MergeDown
    (the covered cells are not written), formulas in R1C1-free ss:Formula, hidden sheets marked
    in WorksheetOptions."""
    from xml.sax.saxutils import escape, quoteattr

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:html="http://www.w3.org/TR/REC-html40">',
        '<Styles><Style ss:ID="Default" ss:Name="Normal"/>'
        '<Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style></Styles>',
    ]
    for ws in book.worksheets:
        covered: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in ws.merged_cells.ranges:
            spans[(merged.min_row, merged.min_col)] = (
                merged.max_col - merged.min_col,
                merged.max_row - merged.min_row,
            )
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        covered.add((r, c))
        out.append(f"<Worksheet ss:Name={quoteattr(ws.title)}><Table>")
        last_row = 0
        for r in range(1, ws.max_row + 1):
            cells = []
            last_col = 0
            for c in range(1, ws.max_column + 1):
                cell = ws.cell(row=r, column=c)
                if (r, c) in covered or (cell.value is None and (r, c) not in spans):
                    continue
                attrs = f' ss:Index="{c}"' if c != last_col + 1 else ""
                across, down = spans.get((r, c), (0, 0))
                attrs += f' ss:MergeAcross="{across}"' if across else ""
                attrs += f' ss:MergeDown="{down}"' if down else ""
                value = cell.value
                data = ""
                if cell.data_type == "f":
                    attrs += f" ss:Formula={quoteattr(str(value))}"
                elif isinstance(value, bool):
                    data = f'<Data ss:Type="Boolean">{int(value)}</Data>'
                elif isinstance(value, int | float):
                    data = f'<Data ss:Type="Number">{value}</Data>'
                elif hasattr(value, "isoformat"):
                    attrs += ' ss:StyleID="d"'
                    data = f'<Data ss:Type="DateTime">{value.isoformat()}.000</Data>'
                elif value is not None:
                    data = f'<Data ss:Type="String">{escape(str(value))}</Data>'
                cells.append(f"<Cell{attrs}>{data}</Cell>")
                last_col = c + across
            if not cells:
                continue
            index = f' ss:Index="{r}"' if r != last_row + 1 else ""
            out.append(f"<Row{index}>{''.join(cells)}</Row>")
            last_row = r
        out.append("</Table>")
        if ws.sheet_state != "visible":
            out.append(
                '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
                "<Visible>SheetHidden</Visible></WorksheetOptions>"
            )
        out.append("</Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode()
