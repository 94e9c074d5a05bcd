"""The bulletin (通报): content from published scores, laid out as a GB/T 9704-2012 document.

`build_content` gathers everything the bulletin says into plain JSON (frozen with the bulletin
when it is published, together with the wording template it was written with); `document`
turns that content into an `OfficialDocument` (the page, the .docx and the PDF all come from
it); `render_docx` writes it. Numbers follow the one policy of `duban.core.numbers`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from duban.assessment.choices import BulletinKind
from duban.assessment.queries import published_runs, quarter_end, quarterly_lists, scores_of
from duban.core.asof import Month, today
from duban.core.money import format_quantity
from duban.core.numbers import format_count, format_percent, format_score
from duban.core.officialdoc import (
    Chart,
    Column,
    Heading,
    Imprint,
    Layout,
    OfficialDocument,
    Paragraph,
    Table,
    chinese_date,
)
from duban.core.officialdoc import (
    render_docx as render_official_docx,
)
from duban.core.officialdoc.charts import bar_chart
from duban.documents.choices import DocumentKind
from duban.documents.queries import wording_for
from duban.documents.wording import Wording
from duban.orgs.models import District
from duban.problems.queries import overdue_rows
from duban.supervision.queries import red_projects, trajectory
from duban.targets.choices import RevisionStatus
from duban.targets.models import TargetRevision
from duban.targets.queries import district_progress, programme_progress, progress_for

# Bulletins of a year share one series of numbers: months 1–12, quarters after them (13–16).
QUARTER_SERIAL_OFFSET = 12


def serial(kind: str, period: int) -> int:
    return period if kind == BulletinKind.MONTHLY else QUARTER_SERIAL_OFFSET + period


def default_number(kind: str, year: int, period: int) -> str:
    """文号 from the template's prefix, e.g. 鼓楼项目办〔2021〕15号 for the third quarter."""
    return wording_for(DocumentKind.BULLETIN).number(year, serial(kind, period))


def period_month(kind: str, year: int, period: int) -> Month:
    return Month(year, period) if kind == BulletinKind.MONTHLY else quarter_end(year, period)


def issue_date(month: Month) -> dt.date:
    """The date a bulletin about `month` is signed: today, but never later than the middle of
    the following month, so a bulletin of a past period (the demo year, a late reprint) is
    dated when it would have been issued, not years after the scores it reports."""
    return min(today(), month.next().first_day + dt.timedelta(days=14))


def _revisions(month: Month) -> list[dict[str, Any]]:
    """Approved target revisions: original, revised and actual side by side."""
    revisions = list(
        TargetRevision.objects.filter(target__year=month.year, status=RevisionStatus.APPROVED)
        .select_related("target__metric", "target__unit", "target__category")
        .order_by("target__unit__kind", "target__unit__sort_order", "target_id", "approved_at")
    )
    latest = {r.target_id: r for r in revisions}
    progress = {p.target.pk: p for p in progress_for([r.target for r in latest.values()], month)}
    rows = []
    for rev in latest.values():
        t, unit = rev.target, rev.target.metric.unit
        rows.append(
            {
                "unit": t.unit.label if t.unit else "全区",
                "target": t.display_title,
                "original": format_quantity(t.value, unit),
                "revised": format_quantity(rev.revised_value, unit),
                "actual": format_quantity(progress[t.pk].actual, unit),
                "reason": rev.reason,
            }
        )
    return rows


def build_content(
    kind: str, year: int, period: int, *, issued_on: dt.date | None = None
) -> dict[str, Any]:
    """What a bulletin says, from published data only; JSON-ready, every number printed by
    the number policy. Dated by `issue_date` unless told."""
    month = period_month(kind, year, period)
    district = District.current()
    runs = published_runs(month)
    scores = scores_of(runs, with_items=True)
    groups = []
    for run in runs:
        rows = scores[run.pk]
        labels = [i.label for i in rows[0].items.all()] if rows else []
        groups.append(
            {
                "label": run.group_label,
                "revision": run.revision,
                "method": str(run.method),
                "item_labels": labels,
                "rows": [
                    {
                        "rank": s.rank,
                        "unit": s.unit.name,
                        "short": s.unit.label,
                        "total": format_score(s.total),
                        "items": [format_score(i.points) for i in s.items.all()],
                    }
                    for s in rows
                ],
            }
        )
    period_label = month.label if kind == BulletinKind.MONTHLY else f"{year}年第{period}季度"
    wording = wording_for(DocumentKind.BULLETIN)
    day = issued_on or issue_date(month)
    # 序时进度 from the light rule in force: the curve the lights and the scores read too.
    expected = trajectory(month)[0]
    progress = [
        {**row, "rate_text": format_percent(row["rate"])}
        for row in district_progress(month, expected)
    ]
    reds = [
        {**row, "share_text": format_percent(row["share"])} for row in red_projects(month, limit=20)
    ]
    content: dict[str, Any] = {
        "kind": kind,
        "year": year,
        "period": period,
        "district": district.name if district else "",
        "campaign": District.campaign(),
        "period_label": period_label,
        "as_of": month.label,
        "groups": groups,
        "district_progress": progress,
        "programmes": programme_progress(month, expected),
        "revisions": _revisions(month),
        "red_projects": reds,
        "overdue_problems": overdue_rows(month, limit=20),
        "issued_on": day.isoformat(),
        "date": chinese_date(day),
        "wording": wording.to_dict(),
    }
    values = _values(content, wording)
    content["title"] = wording.filled("title", values)
    content["issuer"] = wording.signature
    if kind == BulletinKind.QUARTERLY:
        content["quarter"] = [
            {
                "group": q.group_label,
                "present_rule": q.present_label,
                "statement_rule": q.statement_label,
                "top": [s.unit.name for s in q.top],
                "bottom": [s.unit.name for s in q.bottom],
            }
            for q in quarterly_lists(year, period)
        ]
    return content


def _values(content: dict[str, Any], wording: Wording) -> dict[str, str]:
    return {
        "district": content.get("district", ""),
        "campaign": content.get("campaign", ""),
        "period": content.get("period_label", ""),
        "signature": wording.signature,
    }


def wording_of(content: dict[str, Any]) -> Wording:
    """The wording a bulletin was written with (bulletins published before templates existed
    carry none: they are shown with today's template)."""
    frozen = content.get("wording")
    return Wording.from_dict(frozen) if frozen else wording_for(DocumentKind.BULLETIN)


def _date_of(content: dict[str, Any]) -> dt.date | None:
    if content.get("issued_on"):
        return dt.date.fromisoformat(content["issued_on"])
    found = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", content.get("date", ""))
    return dt.date(*map(int, found.groups())) if found else None


# --- the document -------------------------------------------------------------------------------


def chart_png(group: dict[str, Any]) -> bytes | None:
    """A bar chart of a group's totals, as wide as the type area; None without a CJK font."""
    rows = group["rows"]
    return bar_chart(
        [r["short"] for r in rows],
        [float(r["total"]) for r in rows],
        value_text=format_score,
        axis_label="得分",
    )


def document(content: dict[str, Any], number: str, *, charts: bool = True) -> OfficialDocument:
    """The bulletin as an official document (文件格式). The page passes `charts=False`: it
    shows the text and tables, and drawing a chart per group would cost it a second."""
    wording = wording_of(content)
    values = _values(content, wording)
    body: list[Any] = [Paragraph(p) for p in wording.paragraphs("opening", values)]
    body.append(Heading("各组考评得分及排名"))
    tables = figures = 0
    for group in content["groups"]:
        suffix = f"（第{group['revision']}次修订）" if group["revision"] else ""
        body.append(Heading(f"{group['label']}{suffix}", level=2))
        columns = [
            Column("排名", numeric=True),
            Column("单位"),
            *[Column(label, numeric=True) for label in group["item_labels"]],
            Column("总分", numeric=True),
        ]
        rows = [[str(r["rank"]), r["unit"], *r["items"], r["total"]] for r in group["rows"]]
        tables += 1
        body.append(Table(columns, rows, caption=f"表{tables}　{group['label']}考评得分及排名"))
        png = chart_png(group) if rows and charts else None
        if png:
            figures += 1
            body.append(Chart(png, caption=f"图{figures}　{group['label']}得分"))
    if not content["groups"]:
        body.append(Paragraph(f"{content['as_of']}考评结果尚未发布。"))
    if content.get("quarter"):
        body.append(Heading("季度通报会发言安排"))
        for q in content["quarter"]:
            top = "、".join(q["top"]) or "无"
            bottom = "、".join(q["bottom"]) or "无"
            if "statement_rule" in q:  # written by the method's speaking rules
                text = (
                    f"{q['group']}：{q['present_rule'] or '介绍经验'}的{top}主要领导介绍经验；"
                    f"{q['statement_rule'] or '表态发言'}的{bottom}主要领导作表态发言。"
                )
            else:  # a bulletin frozen before the speaking rules were data
                text = (
                    f"{q['group']}：请{top}主要领导介绍经验；排名靠后且未完成"
                    f"{q['statement_task']}任务的{bottom}主要领导作表态发言。"
                )
            body.append(Paragraph(text))
    body.append(Heading("全区目标任务完成情况"))
    tables += 1
    body.append(
        Table(
            [
                Column("目标任务"),
                Column("目标", numeric=True),
                Column("完成", numeric=True),
                Column("完成率", numeric=True),
            ],
            [
                [
                    r["title"],
                    r["target"],
                    r["actual"],
                    r.get("rate_text") or format_percent(r["rate"]),
                ]
                for r in content["district_progress"]
            ],
            caption=f"表{tables}　全区目标任务完成情况（截至{content['as_of']}）",
        )
    )
    if content.get("programmes"):
        # Grouped by the plan's programmes (工程), when the district keeps them.
        tables += 1
        body.append(
            Table(
                [Column("工程"), Column("目标任务数", numeric=True),
                 Column("达到序时进度", numeric=True), Column("落后序时进度", numeric=True)],
                [[r["programme"], str(r["targets"]), str(r["on_pace"]), str(r["behind"])]
                 for r in content["programmes"]],
                caption=f"表{tables}　各工程目标任务推进情况（截至{content['as_of']}）",
            )
        )  # fmt: skip
    if content["revisions"]:
        tables += 1
        body.append(
            Table(
                [
                    Column("单位"),
                    Column("目标任务"),
                    Column("原目标", numeric=True),
                    Column("调整后", numeric=True),
                    Column("完成", numeric=True),
                    Column("调整理由"),
                ],
                [
                    [r["unit"], r["target"], r["original"], r["revised"], r["actual"], r["reason"]]
                    for r in content["revisions"]
                ],
                caption=f"表{tables}　目标调整情况（原目标、调整后目标与实际完成对照）",
            )
        )
    body.append(Heading("亮红灯项目"))
    if content["red_projects"]:
        tables += 1
        body.append(
            Table(
                [
                    Column("序号", numeric=True),
                    Column("项目"),
                    Column("责任单位"),
                    Column("累计完成投资", numeric=True),
                    Column("占序时计划", numeric=True),
                ],
                [
                    [
                        str(n),
                        p["name"],
                        p["unit"],
                        p["actual"],
                        p.get("share_text") or format_percent(p["share"]),
                    ]
                    for n, p in enumerate(content["red_projects"], start=1)
                ],
                caption=f"表{tables}　亮红灯项目（累计完成投资低于序时计划）",
            )
        )
    else:
        body.append(Paragraph("本期无亮红灯项目。"))
    body.append(Heading("逾期未办结问题"))
    if content["overdue_problems"]:
        tables += 1
        body.append(
            Table(
                [
                    Column("序号", numeric=True),
                    Column("问题"),
                    Column("责任单位"),
                    Column("协调部门"),
                    Column("逾期天数", numeric=True),
                ],
                [
                    [
                        str(n),
                        p.get("title", ""),
                        p.get("unit", ""),
                        p.get("department", ""),
                        format_count(p.get("overdue_days", 0)),
                    ]
                    for n, p in enumerate(content["overdue_problems"], start=1)
                ],
                caption=f"表{tables}　逾期未办结问题",
            )
        )
    else:
        body.append(Paragraph("本期无逾期未办结问题。"))
    closing = wording.paragraphs("closing", values)
    body.extend(Paragraph(p) for p in closing[:-1])
    day = _date_of(content)
    return OfficialDocument(
        issuer_mark=wording.issuer_mark,
        number=number,
        title=content.get("title") or wording.filled("title", values),
        addressee=wording.filled("addressee", values),
        body=body,
        closing=closing[-1] if closing else "",
        signature=wording.signature,
        date=day,
        imprint=Imprint(cc=wording.cc_list, printer=wording.printer, printed_on=day),
        layout=Layout.FILE,
    )


def render_docx(content: dict[str, Any], number: str) -> bytes:
    return render_official_docx(document(content, number))
