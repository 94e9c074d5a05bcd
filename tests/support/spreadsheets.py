"""Ledgers laid out the way districts lay them out, for the tests and the benchmark.

`write_attachment1` writes a workbook like 附件1 of the seed action plan: one sheet per category
table (表1 工业 … 表5 招商), a title and a unit line above a two-row merged header, a 合计 row,
projects grouped by unit with 小计 rows and blank spacer rows, totals in 亿元 and yearly plans
in 万元, numbers typed as text (some in full-width digits) and dates in every form people use.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from duban.core.demo import DemoContext

TABLES = [
    ("表1", "工业"),
    ("表2", "服务业"),
    ("表3", "数字经济"),
    ("表4", "生态及民生"),
    ("表5", "招商"),
]
CATEGORIES = [
    ("industry", "工业", "gxj"),
    ("services", "服务业", "swj"),
    ("digital", "数字经济", "shuziban"),
    ("livelihood", "生态及民生", "fgj"),
    ("investment", "招商", "swj"),
]
HEADER_TOP = [
    "序号", "项目名称", "责任单位", "年度计划类别", "计划投资", None, "战略性新兴产业",
    "建设地点", "计划开工时间", "计划竣工时间", "挂钩领导", "建设 内容",
]  # fmt: skip
HEADER_SUB = [None, None, None, None, "总投资（亿元）", "2021年计划投资（万元）"]
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def setup_district() -> DemoContext:
    """Units, leaders and the five categories of the seed district, without any project."""
    from duban.orgs import demo as orgs_demo
    from duban.projects.models import Category

    ctx = DemoContext()
    orgs_demo.load(ctx)
    units = ctx.objects["units"]
    ctx.objects["categories"] = {
        code: Category.objects.get_or_create(
            code=code, defaults={"name": name, "lead_department": units[lead], "sort_order": i}
        )[0]
        for i, (code, name, lead) in enumerate(CATEGORIES, start=1)
    }
    return ctx


def _date_forms(day: dt.date, rng: random.Random) -> Any:
    form = rng.randrange(6)
    if form == 0:
        return f"{day.year}.{day.month}"
    if form == 1:
        return f"{day.year}年{day.month}月"
    if form == 2:
        return day.isoformat()
    if form == 3:
        return f"{day.year}/{day.month}/{day.day}"
    if form == 4:
        return (day - dt.date(1899, 12, 30)).days  # an Excel serial typed as a number
    return dt.datetime(day.year, day.month, day.day)


def _amount(value: Decimal, rng: random.Random) -> Any:
    form = rng.randrange(4)
    if form == 0:
        return float(value)
    if form == 1:
        return str(value)  # a number stored as text
    if form == 2:
        return str(value).translate(_FULL)  # full-width digits
    return f" {value} "


def write_attachment1(
    path: Path,
    *,
    per_table: int,
    year: int = 2021,
    seed: int = 7,
    units: list[tuple[str, str]] | None = None,
    leaders: list[str] | None = None,
) -> int:
    """Write the workbook; `units` are (full name, short name). Returns the number of projects."""
    from duban.orgs.demo import LEADERS, STREETS

    rng = random.Random(seed)
    units = units or [(name, short) for _, name, short in STREETS]
    leaders = leaders or [name for name, _ in LEADERS]
    book = Workbook()
    book.remove(book.active)
    count = 0
    for table, category in TABLES:
        ws = book.create_sheet(f"{table} {category}")
        ws.append([f"附件1-{table}"])
        ws.append([f"鼓楼区{year}年“抓项目促提升”专项行动{category}项目任务分解表"])
        ws.append([None] * 10 + ["单位：见表头"])
        ws.append(HEADER_TOP)
        ws.append(HEADER_SUB)
        for col in range(1, 5):
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
        ws.merge_cells(start_row=4, start_column=5, end_row=4, end_column=6)
        for col in range(7, 13):
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
        ws.merge_cells("A1:L1")
        ws.merge_cells("A2:L2")
        ws.append(["合计", None, None, None, "见各小计"])
        seq = 0
        per_unit = max(1, per_table // len(units))
        remaining = per_table
        for ui, (full, short) in enumerate(units):
            if remaining <= 0:
                break
            n = per_unit if ui < len(units) - 1 else remaining
            n = min(n, remaining)
            remaining -= n
            subtotal = Decimal(0)
            for _ in range(n):
                seq += 1
                count += 1
                total = (
                    Decimal(rng.randint(10000, 90000))
                    / Decimal(10000)
                    * Decimal(rng.choice([1, 2, 5]))
                )
                subtotal += total
                planned = Decimal(rng.randint(1000, 9000))
                start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                done = dt.date(year + rng.randint(1, 3), rng.randint(1, 12), 1)
                unit_text = rng.choice([full, short, f" {short} ", full.replace("街道", " 街道")])
                kind = "招商" if category == "招商" else rng.choice(["新开工", "续建", "建成投产"])
                kind = "新落地" if kind == "招商" else kind
                ws.append(
                    [
                        seq if rng.random() < 0.5 else str(seq),
                        f"{short}{category}重点项目{table}-{seq:05d}",
                        unit_text,
                        kind,
                        _amount(total, rng),
                        _amount(planned, rng),
                        rng.choice(["是", "否", "√", None]),
                        f"{full}{rng.choice(['东片区', '西片区', '一期', '二期'])}",
                        _date_forms(start, rng),
                        f"{done.year}年{done.month}月",
                        rng.choice(leaders),
                        f"建设{category}配套设施，用地约{rng.randint(10, 90)}亩。",
                    ]
                )
            ws.append([None, f"{short}小计", None, None, float(subtotal)])
            ws.append([])  # spacer
        widths = [6, 36, 12, 10, 12, 14, 10, 24, 12, 12, 10, 40]
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
    book.save(path)
    return count


def findings_ledger(
    *,
    title: str = "鼓楼区城市管理领域问题整改台账（示例）",
    received: dt.date = dt.date(2021, 5, 10),
    groups: Any = None,
) -> bytes:
    """A rectification ledger as inspectors send it (category cells merged down over their
    findings); the same generator the demo imports (`duban.tasks.samples`)."""
    from duban.tasks.samples import URBAN_FINDINGS, findings_workbook

    return findings_workbook(title=title, received=received, groups=groups or URBAN_FINDINGS)
