from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.asof import month_from_request
from duban.core.scoping import restrict
from duban.orgs.choices import UnitKind
from duban.targets.queries import decomposition_for, progress_for, targets_for_year


def table(request: HttpRequest) -> HttpResponse:
    """The year's target table: each district target, its parts by unit, sums and gaps."""
    as_of = month_from_request(request)
    targets = list(restrict(targets_for_year(as_of.year), request.user, "target.view"))
    district = [t for t in targets if t.unit_id is None]
    progress = {p.target.pk: p for p in progress_for(targets, as_of)}
    decomposition = decomposition_for(district)
    parts_by_parent: dict[int, list] = {}
    for t in targets:
        if t.parent_id:
            parts_by_parent.setdefault(t.parent_id, []).append(progress[t.pk])
    rows = [
        {
            "progress": progress[t.pk],
            "decomposition": decomposition[t.pk],
            "parts": sorted(
                parts_by_parent.get(t.pk, []),
                key=lambda p: (UnitKind.values.index(p.target.unit.kind), p.target.unit.sort_order),
            ),
        }
        for t in district
    ]
    return render(
        request,
        "targets/table.html",
        {"rows": rows, "shortfalls": sum(1 for r in rows if r["decomposition"].shortfall)},
    )
