"""Benchmark: official documents — the .docx layout, and the PDF by LibreOffice headless.

    .venv/bin/python bench/documents.py                 # a 120-row ranking table, 5 documents
    .venv/bin/python bench/documents.py --rows 20 --docs 2   # quick

Builds a bulletin-like document (an 11-column ranking table of `--rows` rows, a chart, headings,
signature and 版记) with duban.core.officialdoc, then measures:

* docx_ms       — `render_docx` of that document (median of `--runs`);
* pdf_one_s     — `convert_to_pdf` of one .docx (one LibreOffice start, fonts embedded);
* pdf_batch_s   — `convert_to_pdf` of `--docs` copies in one call (one start for all);
* per_doc_s     — pdf_batch_s ÷ docs: what each further document costs;
* check_ms      — `pdfcheck.layout_problems` on the PDF (poppler read-back);
* pages, problems — the PDF's page count and what the check found (expected: none).

The last line printed is one JSON object with those keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.core.officialdoc import (  # noqa: E402  (bench/ is the script's folder)
    Chart,
    Column,
    Heading,
    Imprint,
    OfficialDocument,
    Paragraph,
    Table,
    convert_to_pdf,
    render_docx,
)
from duban.core.officialdoc.charts import bar_chart  # noqa: E402
from duban.core.officialdoc.pdfcheck import layout_problems, pages  # noqa: E402

ITEMS = ["新开工完成率", "建成投产完成率", "投资完成率", "服务业开竣工合计数完成率",
         "月报及时率", "问题办结率", "督办函按期回复率", "加分/扣分"]  # fmt: skip


def document(rows: int) -> tuple[OfficialDocument, list[str]]:
    data = []
    for i in range(rows):
        items = [f"{40 - (i % 40) * 0.37:.2f}", f"{20 - (i % 20) * 0.21:.2f}",
                 f"{30 - (i % 30) * 0.5:.2f}", f"{10 - (i % 10) * 0.13:.2f}", "5.00", "5.00",
                 "5.00", f"{-0.25 * (i % 3):.2f}"]  # fmt: skip
        data.append([str(i + 1), f"第{i + 1}责任单位", *items, f"{99.99 - (i % 90) * 1.07:.2f}"])
    day = dt.date(2021, 10, 15)
    numbers = [Column(label, numeric=True) for label in ITEMS]
    columns = [Column("排名", numeric=True), Column("单位"), *numbers, Column("总分", numeric=True)]
    png = bar_chart([r[1] for r in data[:15]], [float(r[-1]) for r in data[:15]],
                    value_text=lambda v: f"{v:.2f}")  # fmt: skip
    body: list = [
        Paragraph("根据专项行动考评办法，对各责任单位2021年第3季度重点项目推进情况进行了考评。"),
        Heading("各组考评得分及排名"),
        Table(columns, data, caption="表1　考评得分及排名"),
    ]
    if png:
        body.append(Chart(png, caption="图1　得分"))
    doc = OfficialDocument(
        issuer_mark="鼓楼区发展和改革局文件",
        number="鼓楼项目办〔2021〕15号",
        title="关于2021年第3季度重点项目考评情况的通报",
        addressee="各街道办事处，洪山镇政府，区直各办、局（公司），福州软件园、高新区洪山园",
        body=body,
        closing="特此通报。",
        signature="鼓楼区发展和改革局",
        date=day,
        imprint=Imprint(
            cc=["区委办公室", "区政府办公室"], printer="鼓楼区发展和改革局办公室", printed_on=day
        ),
    )
    return doc, [v for row in data for v in row[2:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=120)
    parser.add_argument("--docs", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    doc, numbers = document(args.rows)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        data = render_docx(doc)
        timings.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory(prefix="duban-bench-doc-") as work:
        folder = Path(work)
        one = folder / "one.docx"
        one.write_bytes(data)
        started = time.perf_counter()
        (pdf,) = convert_to_pdf([one], folder / "one")
        pdf_one = time.perf_counter() - started
        batch = []
        for i in range(args.docs):
            path = folder / f"doc{i}.docx"
            path.write_bytes(data)
            batch.append(path)
        started = time.perf_counter()
        convert_to_pdf(batch, folder / "batch")
        pdf_batch = time.perf_counter() - started
        started = time.perf_counter()
        problems = layout_problems(pdf, numbers=numbers, imprint=True)
        check = time.perf_counter() - started
        page_count = len(pages(pdf))
    figures = {
        "rows": args.rows,
        "docx_ms": round(statistics.median(timings) * 1000, 1),
        "docx_kb": round(len(data) / 1024, 1),
        "pdf_one_s": round(pdf_one, 2),
        "pdf_batch_s": round(pdf_batch, 2),
        "docs": args.docs,
        "per_doc_s": round(pdf_batch / args.docs, 2),
        "check_ms": round(check * 1000, 1),
        "pages": page_count,
        "problems": problems,
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
