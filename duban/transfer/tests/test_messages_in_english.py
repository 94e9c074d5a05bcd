"""An import's cell errors speak the reader's language: the preview of an English user lists
what is wrong in English, with the cell's own text quoted as it is (issue 20: English without
leftovers)."""

from __future__ import annotations

import pytest
from django.utils import translation

from duban.transfer import values as V


@pytest.mark.parametrize(
    ("read", "raw", "chinese", "english"),
    [
        (V.number, "十几", "“十几”不是数字", '"十几" is not a number'),
        (V.date, "下个月", "不是可识别的日期", '"下个月" is not a recognisable date'),
        (V.flag, "也许", "应填“是”或“否”", "fill in 是 (yes) or 否 (no)"),
    ],
)
def test_a_cell_error_is_in_the_readers_language(
    read: object, raw: str, chinese: str, english: str
) -> None:
    for language, expected in (("zh-hans", chinese), ("en", english)):
        with translation.override(language), pytest.raises(V.CellError) as caught:
            read(raw)  # type: ignore[operator]
        assert expected in str(caught.value)
