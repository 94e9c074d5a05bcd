"""Official documents (党政机关公文) in the GB/T 9704-2012 format.

A foundation for every document duban writes (督办函, monthly and quarterly 通报, 会议纪要,
目标责任书): a generator fills an `OfficialDocument` — title, 发文字号, body paragraphs with
headings, tables and charts, 附件说明, signature, 抄送/印发 — and `render_docx` lays it out on
the standard's page; `convert_to_pdf` makes the PDF with embedded fonts. Imports no domain app.

    doc = OfficialDocument(
        issuer_mark="福州市鼓楼区发展和改革局文件", number="鼓发改〔2021〕15号",
        title="关于2021年第3季度重点项目考评情况的通报", addressee="各街道办事处",
        body=[Heading("各组考评得分及排名"), Paragraph("……"),
              Table([Column("单位"), Column("得分", numeric=True)], [["鼓东街道", "94.79"]])],
        closing="特此通报。", signature="福州市鼓楼区发展和改革局", date=dt.date(2021, 10, 15),
        imprint=Imprint(cc=["区委办", "区政府办"], printer="鼓楼区发展和改革局办公室",
                        printed_on=dt.date(2021, 10, 15)),
    )
    data = render_docx(doc)
"""

from duban.core.officialdoc.pdf import PdfConversionError, convert_to_pdf, docx_to_pdf_bytes
from duban.core.officialdoc.spec import (
    Align,
    Block,
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
from duban.core.officialdoc.writer import render_docx

__all__ = [
    "Align",
    "Block",
    "Chart",
    "Column",
    "Heading",
    "Imprint",
    "Layout",
    "OfficialDocument",
    "Paragraph",
    "PdfConversionError",
    "Table",
    "chinese_date",
    "convert_to_pdf",
    "docx_to_pdf_bytes",
    "render_docx",
]
