"""Figures the assessment scores (考评办法): letter replies per unit (problem closure is in
`duban.problems.queries`).

Letters are counted for the unit they are addressed to. As of a month: a letter counts when its
reply deadline falls by the month's end (cancelled ones never count); it is answered on time
when replied on or before the deadline. Each query is set-based: one query per function,
whatever the number of units.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from duban.core.asof import Month
from duban.core.tallies import empty_tallies
from duban.supervision.choices import LetterStatus
from duban.supervision.models import SupervisionLetter


def letter_reply(unit_ids: list[int], month: Month) -> dict[int, dict[str, Any]]:
    """Per addressed unit: letters replied on time / letters due by the month's end."""
    end = month.last_day
    out = empty_tallies(unit_ids)
    rows = (
        SupervisionLetter.objects.filter(unit_id__in=unit_ids, deadline__lte=end)
        .exclude(status=LetterStatus.CANCELLED)
        .order_by("unit_id", "year", "serial")
        .values_list("pk", "unit_id", "number", "deadline", "replied_at")
    )
    for pk, unit_id, number, deadline, replied_at in rows:
        on_time = replied_at is not None and timezone.localdate(replied_at) <= deadline
        entry = out[unit_id]
        entry["denominator"] += 1
        entry["numerator"] += 1 if on_time else 0
        if on_time:
            value = "按期回函"
        elif replied_at is not None:
            value = "逾期回函"
        else:
            value = "未回函"
        entry["sources"].append({"type": "letter", "id": pk, "label": number, "value": value})
    return out
