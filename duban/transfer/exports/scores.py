"""Rankings and scores export.

Rows come from `duban.assessment.queries.ranking_rows`, scoped like the ranking page (drafts
only for the scoring roles), written with the same print formatting and formula-injection
safety as every other export.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from duban.accounts.models import User
from duban.assessment.queries import ranking_rows
from duban.audit.services import record
from duban.core.asof import Month
from duban.transfer.exports import new_book, to_bytes, write_table


class ScoresNotAvailable(Exception):
    """No score run of the month is visible to the user."""


def export_scores(user: User, *, month: Month) -> tuple[bytes, int]:
    headers, rows = ranking_rows(user, month)
    if not rows:
        raise ScoresNotAvailable(_("%(label)s尚无可导出的考评得分") % {"label": month.label})
    book = new_book()
    widths = [10, 18, 6, 20, 10, 14]
    columns = [(text, widths[i] if i < len(widths) else 12) for i, text in enumerate(headers)]
    write_table(book.create_sheet("考评排名"), f"{month.label} 考评得分与排名", columns, rows)
    record(
        "export.scores",
        actor=user,
        object_type="assessment.score",
        object_repr=f"{month.label} 考评排名",
        detail={"month": str(month), "rows": len(rows)},
    )
    return to_bytes(book), len(rows)
