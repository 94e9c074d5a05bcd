"""Reading uploads: encodings, .docx and .html, and refusing what is not a document."""

import io
import zipfile

import pytest

from duban.intake import IntakeError, extract_document, load_bytes

PLAN = "2021年行动方案\n全年新开工项目168个，建成118个。"


def test_utf8_with_bom_is_read_and_offsets_start_after_the_bom() -> None:
    document = load_bytes(b"\xef\xbb\xbf" + PLAN.encode("utf-8"), "plan.txt")
    assert document.text == PLAN
    assert [p.text for p in extract_document(document)] == ["168个", "118个"]


def test_gb18030_is_read() -> None:
    document = load_bytes(PLAN.encode("gb18030"), "plan.txt")
    assert document.text == PLAN
    assert document.encoding == "gb18030"


def test_a_docx_is_read_paragraph_by_paragraph(tmp_path: object) -> None:
    from docx import Document

    buffer = io.BytesIO()
    word = Document()
    for line in PLAN.split("\n"):
        word.add_paragraph(line)
    word.save(buffer)
    document = load_bytes(buffer.getvalue(), "plan.docx")
    assert document.text == PLAN


def test_html_article_is_read_and_nav_is_marked_as_chrome() -> None:
    html = (
        "<html><head><title>t</title><script>var n=5;</script></head><body>"
        "<nav>首页 | 新开工项目99个</nav><div class='content'><p>2021年行动方案。</p>"
        "<p>全年新开工项目<strong>168个</strong>，建成118个。</p></div>"
        "<footer>版权所有</footer></body></html>"
    )
    document = load_bytes(html.encode("utf-8"), "page.html")
    assert "var n" not in document.text
    assert [p.text for p in extract_document(document)] == ["168个", "118个"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00binary", "plan.txt", "不符"),
        (b"plain text", "plan.docx", "Word"),
        (b"hello", "plan.exe", "只支持"),
        (b"", "plan.txt", "空"),
        (b"x" * (6 * 1024 * 1024), "plan.txt", "过大"),
    ],
)
def test_bad_uploads_are_refused_with_a_chinese_message(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(IntakeError, match=message):
        load_bytes(data, name)


def test_a_zip_without_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(IntakeError, match="缺少正文"):
        load_bytes(buffer.getvalue(), "plan.docx")


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "0" * (20 * 1024 * 1024))
    with pytest.raises(IntakeError):
        load_bytes(buffer.getvalue(), "plan.docx")
