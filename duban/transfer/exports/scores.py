"""Rankings and scores export: a hook for the assessment app.

The assessment engineer builds scores in parallel. When `duban.assessment.queries` offers
`ranking_rows(user, month) -> (headers, rows)`, `export_scores` writes them with the same
print formatting and formula-injection safety as every other export; until then it says so.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from duban.audit.services import record
from duban.core.asof import Month
from duban.transfer.exports import new_book, to_bytes, write_table

SCORES_SOURCE = "duban.assessment.queries"
SCORES_FUNCTION = "ranking_rows"


class ScoresNotAvailable(Exception):
    """The assessment app does not (yet) provide ranking rows."""


def export_scores(user: Any, *, month: Month, actor: Any = None) -> tuple[bytes, int]:
    try:
        source = getattr(import_module(SCORES_SOURCE), SCORES_FUNCTION)
    except (ImportError, AttributeError) as exc:
        raise ScoresNotAvailable("考评排名尚未发布，暂不能导出") from exc
    headers, rows = source(user, month)
    book = new_book()
    write_table(book.create_sheet("考评排名"), f"{month.label} 考评得分与排名", headers, rows)
    record(
        "export.scores",
        actor=actor or user,
        object_type="assessment.score",
        object_repr=f"{month.label} 考评排名",
        detail={"month": str(month), "rows": len(rows)},
    )
    return to_bytes(book), len(rows)
