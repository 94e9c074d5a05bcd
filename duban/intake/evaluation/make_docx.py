"""Write the evaluation set's .docx documents from the text kept here.

Districts circulate plans as Word files; the intake must read them. The text below was written
for the evaluation set (it is no real district's plan). Run ``python -m
duban.intake.evaluation.make_docx`` to regenerate the files in ``documents/``; headings are
styled and some runs are bold so the reader has to join runs, as real Word files require.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

DOCUMENTS: dict[str, list[str]] = {
    "h4_plan.docx": [
        "关于印发《临川区2024年优化营商环境和民生实事工作要点》的通知",
        "各乡镇人民政府、街道办事处，区直各单位：",
        "现将《临川区2024年优化营商环境和民生实事工作要点》印发给你们，请认真贯彻落实。",
        "临川区人民政府办公室",
        "2024年2月20日",
        "# 临川区2024年优化营商环境和民生实事工作要点",
        "## 一、总体要求",
        (
            "2023年，我区营商环境评价位列全市第二，政务服务事项网上可办率达到98.5%，"
            "新增市场主体1.1万户。2024年，要以“营商环境提升年”为抓手，着力打造“五心”服务品牌。"
        ),
        "## 二、主要指标",
        (
            "（一）政务服务。政务服务事项“一网通办”率达到**99%以上**；企业开办时间控制在"
            "0.5个工作日以内；工程建设项目全流程审批时间不超过60个工作日；"
            "群众办事平均跑动次数降至0.3次以下。"
        ),
        (
            "（二）市场主体。全年新增市场主体**1.2万户**，同比增长8%；新增“专精特新”中小企业15家；"
            "民营经济增加值占比提高1.5个百分点。"
        ),
        (
            "（三）民生实事。新建改建城市道路二十三千米；新增公办幼儿园学位一千八百个；"
            "开展职业技能培训2.5万人次；城镇调查失业率控制在5.5%以内；"
            "PM2.5年均浓度不超过30微克/立方米；空气质量优良天数比例不低于95%。"
        ),
        "（四）乡镇5G网络覆盖率达到100%，行政村光纤通达率保持100%。",
        "## 三、工作要求",
        (
            "各单位要对照上述十二项指标，于3月15日前将任务分解表报区发改委"
            "（联系人：陈某，电话：0794-8261234）。"
        ),
    ],
}


def write_docx(paragraphs: list[str], path: Path) -> None:
    """Write one document: ``# `` and ``## `` lines become headings, ``**x**`` bold runs."""
    # deferred: python-docx (lxml) is loaded only when a document is written.
    from docx import Document

    document = Document()
    # A fixed creation date keeps the file's metadata stable between regenerations.
    document.core_properties.created = dt.datetime(2024, 2, 20, tzinfo=dt.UTC)
    document.core_properties.author = "duban evaluation set"
    for line in paragraphs:
        if line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            document.add_heading(line[2:], level=1)
        else:
            paragraph = document.add_paragraph()
            for index, piece in enumerate(line.split("**")):
                if piece:
                    paragraph.add_run(piece).bold = index % 2 == 1
    document.save(str(path))


def main() -> None:
    """Regenerate every .docx of the evaluation set next to this file."""
    folder = Path(__file__).with_name("documents")
    for name, paragraphs in DOCUMENTS.items():
        write_docx(paragraphs, folder / name)
        print(folder / name)


if __name__ == "__main__":
    main()
