"""A rectification ledger workbook the way inspectors send one: a title row with the date it
was handed over, a header, one row per finding and the category (大类) cells merged down over
their findings. The demo imports it (duban/transfer/demo.py) and the tests build variations
(tests/support/spreadsheets.py). All data invented (示例)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment

HEADER = ["序号", "问题大类", "问题描述", "责任单位", "配合单位", "整改措施", "整改时限"]

# (大类, [(问题描述, 责任单位, 配合单位, 整改措施, 整改时限)]) — 示例, invented for the demo.
URBAN_FINDINGS: list[tuple[str, list[tuple[str, str, str, str, str]]]] = [
    (
        "市容环境卫生",
        [
            (
                "背街小巷垃圾清运不及时（示例）",
                "鼓东街道",
                "城管局",
                "增加清运频次至每日两次",
                "2021年6月底前",
            ),
            (
                "沿街店铺跨门经营（示例）",
                "鼓西街道",
                "城管局",
                "开展专项整治并建立巡查台账",
                "2021年7月底前",
            ),
            (
                "老旧小区楼道堆物（示例）",
                "南街街道",
                "",
                "组织清理并落实物业长效管理",
                "2021年9月底前",
            ),
        ],
    ),
    (
        "园林绿化",
        [
            (
                "街头绿地黄土裸露（示例）",
                "温泉街道",
                "住建局",
                "补植绿化并设置围挡",
                "2021年8月底前",
            ),
            ("行道树缺株断档（示例）", "东街街道", "", "补种行道树", "2021年11月底前"),
        ],
    ),
    (
        "市政设施",
        [
            ("人行道板破损（示例）", "安泰街道", "住建局", "更换破损道板", "2021-07-15"),
            ("窨井盖缺失松动（示例）", "华大街道", "住建局", "全面排查并更换", "2021年10月底前"),
            ("路灯不亮（示例）", "水部街道", "", "维修更换灯具", "2021年12月底前"),
        ],
    ),
]


def findings_workbook(
    title: str = "鼓楼区城市管理领域问题整改台账（示例）",
    received: dt.date = dt.date(2021, 5, 10),
    groups: Sequence[tuple[str, Sequence[tuple[str, str, str, str, str]]]] = URBAN_FINDINGS,
) -> bytes:
    """The .xlsx bytes of a ledger: category cells merged down over each group's rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "整改台账"
    ws.append([f"{title}"])
    ws.append([f"交办日期：{received.year}年{received.month}月{received.day}日"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    ws.append(HEADER)
    seq = 0
    for category, rows in groups:
        first = ws.max_row + 1
        for i, (text, unit, cooperating, measures, deadline) in enumerate(rows):
            seq += 1
            ws.append([seq, category if i == 0 else None, text, unit, cooperating, measures,
                       deadline])  # fmt: skip
        if len(rows) > 1:
            ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
        ws.cell(first, 2).alignment = Alignment(vertical="center")
    for column, width in zip("ABCDEFG", (6, 14, 36, 12, 12, 30, 14), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
