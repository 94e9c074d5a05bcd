"""Column widths: a number never wraps, the table spans the type area, sizes step down."""

from __future__ import annotations

import pytest

from duban.core.officialdoc.gbt9704 import TEXT_WIDTH_PT
from duban.core.officialdoc.tables import CELL_PADDING_PT, SAFETY, fit_columns, text_em


def _needed(text: str, size: float) -> float:
    return text_em(text) * size * SAFETY + 2 * CELL_PADDING_PT


def test_digits_are_half_a_chinese_character_wide() -> None:
    assert text_em("鼓楼") == 2
    assert text_em("94.79") < 3


def test_a_numeric_column_is_never_narrower_than_its_widest_value() -> None:
    header = ["单位", *[f"考评项{i}" for i in range(8)], "总分"]
    rows = [["福州软件园", *["100.00"] * 8, "1,234,567.89"]]
    fit = fit_columns(header, rows, [False, *[True] * 9], TEXT_WIDTH_PT)
    for c in range(1, 10):
        assert fit.widths_pt[c] >= _needed(rows[0][c], fit.size) - 1e-6


def test_the_table_spans_the_type_area() -> None:
    fit = fit_columns(["排名", "单位", "总分"], [["1", "鼓东街道", "94.79"]], [True, False, True],
                      TEXT_WIDTH_PT)  # fmt: skip
    assert sum(fit.widths_pt) == pytest.approx(TEXT_WIDTH_PT)
    assert fit.size == 14  # 四号 fits: no need to shrink


def test_a_wide_table_steps_down_a_size_before_wrapping_unit_names() -> None:
    header = ["排名", "单位", *["新开工完成率"] * 8, "总分"]
    rows = [["1", "高新区洪山园", *["40.00"] * 8, "94.79"]]
    fit = fit_columns(header, rows, [True, False, *[True] * 9], TEXT_WIDTH_PT)
    assert fit.size < 14
    assert fit.widths_pt[1] >= _needed("高新区洪山园", fit.size) - 1e-6  # on one line


def test_long_text_wraps_and_numbers_keep_their_width() -> None:
    name = "鼓楼区某某片区城市更新及配套基础设施建设工程项目" * 2
    fit = fit_columns(["项目", "完成投资"], [[name, "1,049万元"]], [False, True], TEXT_WIDTH_PT)
    assert fit.widths_pt[1] >= _needed("1,049万元", fit.size) - 1e-6
    assert fit.widths_pt[0] < _needed(name, fit.size)  # the name wraps


def test_a_table_with_too_many_numbers_for_a_portrait_page_is_refused() -> None:
    with pytest.raises(ValueError, match="拆分"):
        fit_columns([f"列{i}" for i in range(30)], [["1,234,567.89"] * 30], [True] * 30,
                    TEXT_WIDTH_PT)  # fmt: skip
