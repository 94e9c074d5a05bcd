"""The bulletin (通报): content from published scores, written as .docx and printable HTML.

`build_content` gathers everything the bulletin says into plain JSON (frozen with the bulletin
when it is published); `render_docx` writes it with python-docx, charts as PNG drawn by
matplotlib with a CJK font found at run time (without one, the chart is left out and a note
says so).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from duban.assessment.choices import BulletinKind
from duban.assessment.queries import published_runs, quarter_end, quarterly_lists, scores_of
from duban.core.asof import Month, today
from duban.core.money import format_quantity
from duban.orgs.models import District
from duban.problems.queries import overdue_rows
from duban.supervision.queries import red_projects
from duban.targets.choices import RevisionStatus
from duban.targets.models import TargetRevision
from duban.targets.queries import district_progress, progress_for

CN_NUM = "一二三四五六七八九十"
ISSUER = "区发改局（重点办）"


def default_number(kind: str, year: int, period: int) -> str:
    """文号, e.g. 鼓项目办〔2021〕3号 (quarterly ones numbered after the twelve months)."""
    serial = period if kind == BulletinKind.MONTHLY else 12 + period
    return f"项目办〔{year}〕{serial}号"


def _month_of(kind: str, year: int, period: int) -> Month:
    return Month(year, period) if kind == BulletinKind.MONTHLY else quarter_end(year, period)


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
                "actual": progress[t.pk].actual_text,
                "reason": rev.reason,
            }
        )
    return rows


def build_content(
    kind: str, year: int, period: int, *, issued_on: dt.date | None = None
) -> dict[str, Any]:
    """What a bulletin says, from published data only; JSON-ready. Dated today unless told."""
    month = _month_of(kind, year, period)
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
                        "total": f"{s.total:.2f}",
                        "items": [f"{i.points:.2f}" for i in s.items.all()],
                    }
                    for s in rows
                ],
            }
        )
    period_label = month.label if kind == BulletinKind.MONTHLY else f"{year}年第{period}季度"
    content: dict[str, Any] = {
        "kind": kind,
        "year": year,
        "period": period,
        "district": district.name if district else "",
        "campaign": District.campaign(),
        "title": (
            f"关于{year}年{period}月重点项目考评情况的通报"
            if kind == BulletinKind.MONTHLY
            else f"关于{year}年第{period}季度重点项目考评情况的通报"
        ),
        "period_label": period_label,
        "as_of": month.label,
        "groups": groups,
        "district_progress": district_progress(month),
        "revisions": _revisions(month),
        "red_projects": red_projects(month, limit=20),
        "overdue_problems": overdue_rows(month, limit=20),
        "issuer": ISSUER,
        "date": "{0.year}年{0.month}月{0.day}日".format(issued_on or today()),
    }
    if kind == BulletinKind.QUARTERLY:
        content["quarter"] = [
            {
                "group": q.group_label,
                "statement_task": q.statement_label,
                "top": [s.unit.name for s in q.top],
                "bottom": [s.unit.name for s in q.bottom],
            }
            for q in quarterly_lists(year, period)
        ]
    return content


# --- charts -------------------------------------------------------------------------------------

_CJK_NAMES = ("NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "wqy", "DroidSansFallback")


def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs, searched at run time (fonts-noto-cjk on Debian)."""
    # deferred: matplotlib takes a second to import; only charts need it.
    from matplotlib import font_manager

    for path in sorted(font_manager.findSystemFonts()):
        if any(name.lower() in Path(path).name.lower() for name in _CJK_NAMES):
            return path
    return None


def chart_png(group: dict[str, Any]) -> bytes | None:
    """A bar chart of a group's totals; None when no CJK font is installed."""
    font = cjk_font_path()
    if font is None or not group["rows"]:
        return None
    # deferred: matplotlib takes a second to import; only charts need it.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    prop = font_manager.FontProperties(fname=font, size=10)
    rows = group["rows"]
    fig, ax = plt.subplots(figsize=(6.3, max(2.2, 0.32 * len(rows) + 0.8)), dpi=150)
    names = [r["short"] for r in rows][::-1]
    values = [float(r["total"]) for r in rows][::-1]
    ax.barh(names, values, color="#b22222")
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:.2f}", va="center", fontproperties=prop)
    ax.set_yticks(range(len(names)), names, fontproperties=prop)
    ax.set_title(f"{group['label']}得分", fontproperties=prop)
    ax.set_xlim(0, max([*values, 1]) * 1.15)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


# --- .docx --------------------------------------------------------------------------------------


def render_docx(content: dict[str, Any], number: str) -> bytes:
    # deferred: python-docx (lxml) is loaded only when a document is written.
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def para(text: str, *, bold: bool = False, size: int = 14, align: Any = None) -> Any:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    head = para(f"{content['district']}{content['campaign']}", bold=True, size=22)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.runs[0].font.color.rgb = RGBColor(0xB2, 0x22, 0x22)
    para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(content["title"], bold=True, size=18, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("各街道办事处、洪山镇政府，区直各有关单位，福州软件园、高新区洪山园：")
    intro = (
        f"根据专项行动考评办法，{content['issuer']}对各责任单位{content['period_label']}"
        "重点项目推进情况进行了考评，现将有关情况通报如下："
    )
    para("　　" + intro)
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        para(f"{CN_NUM[section]}、{text}", bold=True, size=16)
        section += 1

    heading("各组考评得分及排名")
    for group in content["groups"]:
        suffix = f"（第{group['revision']}次修订）" if group["revision"] else ""
        para(f"{group['label']}{suffix}", bold=True)
        header = ["排名", "单位", *group["item_labels"], "总分"]
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in group["rows"]:
            cells = table.add_row().cells
            values = [str(row["rank"]), row["unit"], *row["items"], row["total"]]
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        png = chart_png(group)
        if png:
            doc.add_picture(io.BytesIO(png), width=Cm(15))
        else:
            para("（本机未安装中文字体，未生成得分图。）", size=12)
    if content.get("quarter"):
        heading("季度通报会发言安排")
        for q in content["quarter"]:
            top = "、".join(q["top"]) or "无"
            bottom = "、".join(q["bottom"]) or "无"
            para(f"　　{q['group']}：请{top}主要领导介绍经验；", size=14)
            para(
                f"　　{q['group']}排名靠后且未完成{q['statement_task']}任务的{bottom}"
                "主要领导作表态发言。",
                size=14,
            )
    heading("全区目标任务完成情况")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["目标任务", "目标", "完成", "完成率"], strict=True):
        cell.text = text
    for row in content["district_progress"]:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, [row["title"], row["target"], row["actual"], f"{row['rate']:.1f}%"], strict=True
        ):
            cell.text = text
    if content["revisions"]:
        para("目标调整情况（原目标、调整后目标与实际完成对照）：", bold=True)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ["单位", "目标任务", "原目标", "调整后", "完成"], strict=True
        ):
            cell.text = text
        for r in content["revisions"]:
            for cell, text in zip(
                table.add_row().cells,
                [r["unit"], r["target"], r["original"], r["revised"], r["actual"]],
                strict=True,
            ):
                cell.text = text
    heading("亮红灯项目")
    if content["red_projects"]:
        for n, p in enumerate(content["red_projects"], start=1):
            para(
                f"　　{n}. {p['name']}（{p['unit']}）：累计完成投资{p['actual']}，"
                f"为序时计划的{p['share']}%。",
                size=14,
            )
    else:
        para("　　本期无亮红灯项目。")
    heading("逾期未办结问题")
    if content["overdue_problems"]:
        for n, p in enumerate(content["overdue_problems"], start=1):
            para(f"　　{n}. {p.get('title', '')}（{p.get('unit', '')}）", size=14)
    else:
        para("　　本期无逾期未办结问题。")
    para("　　请各单位对照考评结果，查找差距，压实责任，加快推进项目建设。")
    para("　　特此通报。")
    para(content["issuer"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(content["date"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
