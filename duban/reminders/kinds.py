"""The registry of rule kinds: what each kind of reminder is about, and when it is due.

A kind turns a date and a rule's offset (working days before or after its occasion, on China's
official calendar) into the occasions due that day: one per unit and matter, with a subject,
the lines to list (e.g. the missing reports), a link into duban and who else is concerned
(lead departments, linked leaders). Adding a kind (a task overdue, a claim waiting) is adding
one class here and registering it; the rules that use it are rows.

An occasion is due on its trigger day and, if a run was missed, for `CATCH_UP_DAYS` more days
while it still holds: the deliveries' unique keys keep it from being sent twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from duban.claims.choices import ClaimStatus
from duban.claims.models import Claim
from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.problems.models import Problem
from duban.projects.models import Project, ProjectNode
from duban.reports.models import MonthlyReport
from duban.reports.queries import due_date, owed_projects
from duban.supervision.choices import LetterStatus
from duban.supervision.models import SupervisionLetter
from duban.workdays.calendar import add_working_days

StrOrPromise = str | Promise
CATCH_UP_DAYS = 5
# How far around the day the kinds look for deadlines (calendar days).
HORIZON = dt.timedelta(days=60)


@dataclass(frozen=True)
class Occasion:
    """One matter of one unit a reminder is about."""

    key: str
    unit: Unit
    subject: str
    lines: tuple[str, ...]
    link: str
    reviewer_unit_ids: frozenset[int] = field(default_factory=frozenset)
    leader_ids: frozenset[int] = field(default_factory=frozenset)


class RuleKind:
    """A kind of occasion. Subclasses name themselves and list the day's occasions."""

    code: str = ""
    label: StrOrPromise = ""
    # The offset a new rule of this kind starts with, and whether it counts before the event.
    default_offset = 0

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        raise NotImplementedError


def is_due(event: dt.date, offset: int, on: dt.date, *, until_event: bool = False) -> bool:
    """True when `on` is the trigger day (event shifted by `offset` working days) or up to
    CATCH_UP_DAYS after it; a reminder before an event stops once the event has passed."""
    trigger = add_working_days(event, offset)
    if not trigger <= on <= trigger + dt.timedelta(days=CATCH_UP_DAYS):
        return False
    return not (until_event and on > event)


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _months_around(on: dt.date) -> list[Month]:
    here = Month.of(on)
    return [here.previous().previous(), here.previous(), here]


def _project_lines(projects: Iterable[Project]) -> tuple[str, ...]:
    return tuple(f"{p.code} {p.name}" for p in projects)


def _reviewers(projects: Iterable[Project]) -> frozenset[int]:
    out = set()
    for p in projects:
        lead = p.lead_department_id or p.category.lead_department_id
        if lead:
            out.add(lead)
    return frozenset(out)


def _missing_by_unit(month: Month) -> dict[Unit, list[Project]]:
    """Each unit still owing reports for `month` with its missing projects, in the units'
    order. One query for the whole district (the same rows as `missing_reports` per unit), so a
    reminder run costs the same with 30 units or 2,000."""
    owed = owed_projects(month.year, month.month).values("pk")
    submitted = MonthlyReport.objects.filter(
        year=month.year, month=month.month, first_submitted_at__isnull=False
    ).values("project_id")
    missing = (
        Project.objects.filter(pk__in=owed)
        .exclude(pk__in=submitted)
        .select_related("unit", "category")
        .order_by("unit__kind", "unit__sort_order", "unit__code", "unit_id", "code")
    )
    out: dict[Unit, list[Project]] = {}
    for project in missing:
        out.setdefault(project.unit, []).append(project)
    return out


def _month_link(unit: Unit, month: Month) -> str:
    return reverse("reports:unit_month", kwargs={"unit_id": unit.pk, "month": str(month)})


def _missing_occasions(
    month: Month, subject: str, *, tell_reviewers: bool = False
) -> list[Occasion]:
    """One occasion per unit still owing the month's reports, listing the missing ones: what
    the window-opens, window-closes and report-late rules share (only the subject differs;
    `{n}` in it becomes the number of missing reports)."""
    return [
        Occasion(
            key=f"{month}",
            unit=unit,
            subject=subject.format(n=len(projects)),
            lines=_project_lines(projects),
            link=_month_link(unit, month),
            reviewer_unit_ids=_reviewers(projects) if tell_reviewers else frozenset(),
        )
        for unit, projects in _missing_by_unit(month).items()
    ]


class WindowOpens(RuleKind):
    """The month's reporting window opens (the first day of the following month)."""

    code = "window_opens"
    label = _("月报开始报送")

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        out = []
        for month in _months_around(on):
            opens = month.next().first_day
            if not is_due(opens, offset, on):
                continue
            due = due_date(month.year, month.month)
            text = f"{month.label}月报开始报送，{_md(due)}截止"
            out += _missing_occasions(month, text)
        return out


class WindowCloses(RuleKind):
    """The reporting window closes soon and reports are still missing."""

    code = "window_closes"
    label = _("月报即将截止")
    default_offset = -2

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        out = []
        for month in _months_around(on):
            due = due_date(month.year, month.month)
            if not is_due(due, offset, on, until_event=True):
                continue
            head = f"{month.label}月报{_md(due)}截止"
            out += _missing_occasions(month, head + "，尚有{n}个项目未报")
        return out


class ReportLate(RuleKind):
    """Reports not submitted once the window has closed (催报): each missing one is listed."""

    code = "report_late"
    label = _("月报逾期未报")
    default_offset = 1

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        out = []
        for month in _months_around(on):
            due = due_date(month.year, month.month)
            if on <= due or not is_due(due, max(offset, 1), on):
                continue
            head = f"{month.label}月报已于{_md(due)}截止"
            out += _missing_occasions(
                month,
                head + "，{n}个项目逾期未报",
                tell_reviewers=True,
            )
        return out


def _open_letters(on: dt.date) -> Iterable[SupervisionLetter]:
    return (
        SupervisionLetter.objects.filter(
            status__in=[LetterStatus.ISSUED, LetterStatus.ESCALATED],
            deadline__range=(on - HORIZON, on + HORIZON),
        )
        .select_related("unit", "project", "project__category")
        .order_by("deadline", "number")
    )


def _letter(letter: SupervisionLetter, subject: str) -> Occasion:
    projects = [letter.project] if letter.project else []
    return Occasion(
        key=f"letter:{letter.pk}",
        unit=letter.unit,
        subject=subject,
        lines=(f"{letter.number} {letter.subject_label}", f"回函期限：{letter.deadline:%Y-%m-%d}"),
        link=reverse("supervision:letter", kwargs={"pk": letter.pk}),
        reviewer_unit_ids=_reviewers(projects),
        leader_ids=frozenset([p.leader_id for p in projects if p.leader_id]),
    )


class LetterReplyDue(RuleKind):
    """A supervision letter's reply is due soon."""

    code = "letter_reply_due"
    label = _("督办函即将到期")
    default_offset = -2

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        return [
            _letter(letter, f"督办函{letter.number}须于{_md(letter.deadline)}前回函")
            for letter in _open_letters(on)
            if is_due(letter.deadline, offset, on, until_event=True)
        ]


class LetterOverdue(RuleKind):
    """A supervision letter's reply is overdue."""

    code = "letter_overdue"
    label = _("督办函逾期未回")
    default_offset = 1

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        return [
            _letter(letter, f"督办函{letter.number}已逾期未回函")
            for letter in _open_letters(on)
            if on > letter.deadline and is_due(letter.deadline, max(offset, 1), on)
        ]


class ProblemOverdue(RuleKind):
    """A coordination problem is past its deadline and still open."""

    code = "problem_overdue"
    label = _("协调事项逾期")
    default_offset = 1

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        rows = (
            Problem.objects.exclude(status__in=["resolved", "confirmed"])
            .filter(deadline__range=(on - HORIZON, on))
            .select_related("owner_unit", "department")
            .order_by("deadline", "pk")
        )
        return [
            Occasion(
                key=f"problem:{p.pk}",
                unit=p.owner_unit,
                subject=f"协调事项“{p.title}”已超过办理期限（{_md(p.deadline)}）",
                lines=(p.title, f"协调部门：{p.department.label}"),
                link=reverse("problems:problem", kwargs={"pk": p.pk}),
                reviewer_unit_ids=frozenset([p.department_id]),
                leader_ids=frozenset([p.leader_id]) if p.leader_id else frozenset(),
            )
            for p in rows
            if on > p.deadline and is_due(p.deadline, max(offset, 1), on)
        ]


class NodeDue(RuleKind):
    """Project nodes planned soon and not completed, listed per unit."""

    code = "node_due"
    label = _("项目节点即将到期")
    default_offset = -3

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        nodes = (
            ProjectNode.objects.filter(
                completed_on__isnull=True, planned_on__range=(on, on + HORIZON)
            )
            .select_related("project", "project__unit", "project__category")
            .order_by("planned_on", "project__code", "order")
        )
        by_day: dict[tuple[Unit, dt.date], list[ProjectNode]] = defaultdict(list)
        for node in nodes:
            if is_due(node.planned_on, offset, on, until_event=True):
                by_day[(node.project.unit, node.planned_on)].append(node)
        return [
            Occasion(
                key=f"nodes:{day}",
                unit=unit,
                subject=f"{len(rows)}个项目节点计划于{_md(day)}完成",
                lines=tuple(f"{n.project.code} {n.project.name}：{n.name}" for n in rows),
                link=reverse("projects:overdue_nodes"),
                reviewer_unit_ids=_reviewers(n.project for n in rows),
            )
            for (unit, day), rows in by_day.items()
        ]


class ClaimWaits(RuleKind):
    """A claimed fact (签约, 开工, 建成投产 …) waits for its lead department's confirmation."""

    code = "claim_waits"
    label = _("认定事项待确认")
    default_offset = 2

    def occasions(self, on: dt.date, offset: int) -> list[Occasion]:
        rows = (
            Claim.objects.filter(status=ClaimStatus.PENDING, filed_on__range=(on - HORIZON, on))
            .select_related("project", "project__category", "unit")
            .order_by("filed_on", "pk")
        )
        return [
            Occasion(
                key=f"claim:{c.pk}",
                unit=c.unit,
                subject=f"{c.unit.label}申报的“{c.get_fact_display()}”待认定（{_md(c.filed_on)}申报）",
                lines=(f"{c.project.code} {c.project.name}", f"申报：{c.new_display}"),
                link=reverse("claims:detail", kwargs={"pk": c.pk}),
                reviewer_unit_ids=_reviewers([c.project]),
            )
            for c in rows
            if is_due(c.filed_on, max(offset, 1), on)
        ]


KINDS: dict[str, RuleKind] = {}


def register(kind: RuleKind) -> None:
    """Add a kind (another app's: tasks, claims) to the registry."""
    KINDS[kind.code] = kind


for _kind in (
    WindowOpens(),
    WindowCloses(),
    ReportLate(),
    LetterReplyDue(),
    LetterOverdue(),
    ProblemOverdue(),
    NodeDue(),
    ClaimWaits(),
):
    register(_kind)


def kind_choices() -> list[tuple[str, str]]:
    return [(code, str(kind.label)) for code, kind in KINDS.items()]
