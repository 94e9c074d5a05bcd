"""Documents used by the foundation's tests: a long bulletin-like 文件 and a short 函."""

from __future__ import annotations

import datetime as dt

from duban.core.officialdoc import (
    Chart,
    Column,
    Heading,
    Imprint,
    Layout,
    OfficialDocument,
    Paragraph,
    Table,
)
from duban.core.officialdoc.charts import bar_chart

UNITS = ["鼓东街道", "鼓西街道", "温泉街道", "东街街道", "南街街道", "安泰街道", "华大街道",
         "水部街道", "五凤街道", "洪山镇", "福州软件园", "高新区洪山园"]  # fmt: skip
ITEMS = ["新开工完成率", "建成投产完成率", "投资完成率", "服务业开竣工合计数完成率", "月报及时率",
         "问题办结率", "督办函按期回复率", "加分/扣分"]  # fmt: skip
DAY = dt.date(2021, 10, 15)


def score_rows(repeat: int = 4) -> list[list[str]]:
    rows = []
    for i, unit in enumerate(UNITS * repeat):
        items = [f"{40 - i * 0.37:.2f}", f"{20 - i * 0.21:.2f}", f"{30 - i * 0.5:.2f}",
                 f"{10 - i * 0.13:.2f}", f"{5 - i * 0.01:.2f}", "5.00", "5.00",
                 f"{-0.25 * (i % 3):.2f}"]  # fmt: skip
        rows.append([str(i + 1), unit, *items, f"{99.99 - i * 1.07:.2f}"])
    return rows


def long_file(chart: bool = True) -> OfficialDocument:
    rows = score_rows()
    numbers = [Column(label, numeric=True) for label in ITEMS]
    columns = [Column("排名", numeric=True), Column("单位"), *numbers, Column("总分", numeric=True)]
    png = bar_chart(UNITS, [float(r[-1]) for r in rows[:12]], value_text=lambda v: f"{v:.2f}")
    body: list = [
        Paragraph(
            "根据专项行动考评办法，区发改局（重点办）对各责任单位2021年第3季度重点项目"
            "推进情况进行了考评，累计完成投资1,234,567.89万元，为序时计划的112.3%。"
        ),
        Heading("各组考评得分及排名"),
        Heading("街镇组", level=2),
        Table(columns, rows, caption="表1　街镇组考评得分及排名"),
    ]
    if chart and png:
        body.append(Chart(png, caption="图1　街镇组得分"))
    body += [
        Heading("下一步工作", level=1),
        Heading("压实责任", level=2),
        Heading("逐项对账", level=3),
        Paragraph("各单位要对照目标任务逐项对账销号，确保全年目标任务全面完成。" * 3),
        Paragraph("重点项目建设" * 12),  # no punctuation: every full line holds 28
        Heading("强化调度", level=2),
    ]
    return OfficialDocument(
        issuer_mark="福州市鼓楼区发展和改革局文件",
        number="鼓发改〔2021〕15号",
        title="关于2021年第3季度重点项目考评情况的通报",
        addressee="各街道办事处，洪山镇政府，区直各办、局（公司），福州软件园、高新区洪山园",
        body=body,
        closing="特此通报。",
        signature="福州市鼓楼区发展和改革局",
        date=DAY,
        imprint=Imprint(
            cc=["区委办公室", "区人大常委会办公室", "区政府办公室", "区政协办公室"],
            printer="福州市鼓楼区发展和改革局办公室",
            printed_on=DAY,
        ),
    )


def letter() -> OfficialDocument:
    return OfficialDocument(
        issuer_mark="鼓楼区发展和改革局",
        number="鼓楼督〔2021〕3号",
        title="关于加快推进鼓西康养中心北片区项目的督办函",
        addressee="鼓西街道",
        body=[
            Paragraph(
                "根据2021年8月重点项目和目标任务序时进度监测，你单位负责的项目“鼓西康养"
                "中心北片区项目”进度滞后，已亮红灯。截至2021年8月，完成2,086万元（全年"
                "6,928万元）。序时进度59.8%，实际完成30.1%，落后29.7个百分点。"
            ),
            Paragraph("请你单位高度重视，并于2021年9月20日前将整改情况书面回函（附佐证材料）。"),
        ],
        closing="特此函告。",
        signature="鼓楼区发展和改革局",
        date=dt.date(2021, 9, 8),
        layout=Layout.LETTER,
    )
