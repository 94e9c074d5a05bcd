"""Which records belong to a year and so become read-only when the year is closed.

The plan, its reports and its assessment: targets and actuals, plan listings and node plans,
monthly reports and their windows, methods, adjustments, score runs, bulletins, agreements.
Supervision letters and lights are not listed: a letter of December may still be answered in
January. Writes by `QuerySet.update()` or `bulk_create` pass no signal; the services that use
them go through `save_versioned`, which asks too.
"""

from __future__ import annotations

from typing import Any

from duban.core.yearlock import ensure_writable

YEAR_BOUND = frozenset(
    {
        "targets.target",
        "targets.actualentry",
        "projects.planlisting",
        "projects.projectnode",
        "reports.monthlyreport",
        "reports.reportingwindow",
        "assessment.assessmentmethod",
        "assessment.adjustment",
        "assessment.scorerun",
        "assessment.bulletin",
        "agreements.agreement",
    }
)


def refuse_closed_year(sender: Any, instance: Any, **kwargs: Any) -> None:
    """pre_save / pre_delete: a record of a closed year is not written or deleted."""
    if kwargs.get("raw"):
        return  # loading a fixture or a restore writes history as it was
    ensure_writable(instance)
