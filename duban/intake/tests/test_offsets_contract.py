"""The offsets contract: start/end index the document's decoded original text.

For a web page that is the HTML source as decoded, not its visible text: a reviewer opening
the saved page finds every proposal at its offsets. The page below is Traditional Chinese (the
matching copy is converted, the offsets are not), with markup, character references and
machine-converted pinyin (ruby annotations and inline debris) around the figures.
"""

import html
import re

from duban.intake import extract_document, load_bytes
from duban.intake.text import reread
from duban.intake.webpage import read_page

PAGE = (
    "<!DOCTYPE html>\r\n<html><head><title>花都區部署2024年工作 力爭新開工120個</title>"
    "<script>var n = 99;</script></head>\r\n<body>\r\n"
    "<nav><a href='/'>首頁</a> &gt; 新聞 &gt; 新開工項目88個</nav>\r\n"
    "<div class='article'><h1>花都區2024年重大項目建設計劃</h1>\r\n"
    "<p>會議確定，2024年全區重點項目<ruby>計<rt>jì</rt></ruby><ruby>劃<rt>huà</rt></ruby>"
    "投資300億元，確保新開工項目不少於110個、力爭<b>120個</b>，"
    "竣工投產項目<strong>65個</strong>以上；&nbsp;新增規模以上工業企業(guī mó)30家，"
    "PM2.5年均濃度控制在28&micro;g/m&sup3;以內，新增燃氣用戶1.2萬戶。</p>\r\n"
    "<p>2023年全區完成投資268億元。</p></div>\r\n"
    "<footer>版權所有 &copy; 2024 聯絡電話：020-86812345</footer></body></html>\r\n"
)


def _visible(source_slice: str) -> str:
    """What a browser shows for a slice of source: tags dropped, references resolved."""
    return html.unescape(re.sub(r"<[^>]*>", "", source_slice))


def _page():
    return load_bytes(PAGE.encode("utf-8"), "花都區.html")


def test_every_offset_of_a_traditional_page_indexes_its_html_source() -> None:
    document = _page()
    proposals = extract_document(document)
    assert [p.text for p in proposals] == [
        "300億元",
        "不少於110個",
        "120個",
        "65個以上",
        "30家",
        "控制在28µg/m³以內",
        "1.2萬戶",
    ]
    assert document.original == PAGE
    for p in proposals:
        assert _visible(PAGE[p.start : p.end]) == p.text, p.text


def test_a_span_without_markup_is_the_source_text_itself() -> None:
    proposals = extract_document(_page())
    plain = [p for p in proposals if not re.search("[<&]", PAGE[p.start : p.end])]
    assert {p.text for p in plain} >= {"300億元", "不少於110個", "30家", "1.2萬戶"}
    for p in plain:
        assert PAGE[p.start : p.end] == p.text


def test_a_span_across_a_tag_or_a_reference_covers_it_in_the_source() -> None:
    by_text = {p.text: p for p in extract_document(_page())}
    assert PAGE[by_text["65個以上"].start : by_text["65個以上"].end] == "65個</strong>以上"
    unit = by_text["控制在28µg/m³以內"]
    assert PAGE[unit.start : unit.end] == "控制在28&micro;g/m&sup3;以內"


def test_title_nav_script_and_ruby_pinyin_are_not_read() -> None:
    page = read_page(PAGE)
    assert "var n" not in page.text and "jì" not in page.text and "力爭新開工120個" not in page.text
    assert "計劃投資300億元" in page.text


def test_the_review_page_maps_source_offsets_back_to_the_visible_words() -> None:
    stored = reread(PAGE, "html")
    for p in extract_document(_page()):
        start, end = stored.to_text(p.start, p.end)
        assert stored.text[start:end] == p.text


def test_offsets_of_a_traditional_text_file_index_its_decoded_text() -> None:
    text = "花都區2024年方案\r\n確保新開工項目不少於110個、力爭120個。\r\n"
    document = load_bytes(text.encode("gb18030"), "plan.txt")
    proposals = extract_document(document)
    assert [text[p.start : p.end] for p in proposals] == ["不少於110個", "120個"]
