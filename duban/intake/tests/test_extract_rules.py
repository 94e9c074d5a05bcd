"""The extractor's rules, one behaviour per test, on short texts written for the rule."""

from decimal import Decimal

import pytest

from duban.intake import extract_text


def _values(text: str) -> list[tuple[Decimal, str, str]]:
    return [(p.value, p.unit, p.comparator) for p in extract_text(text)]


def test_a_plain_goal_is_proposed_with_value_unit_and_span() -> None:
    text = "2021年行动方案。全年亿元以上项目新开工168个、建成118个。"
    proposals = extract_text(text)
    assert [(p.value, p.unit) for p in proposals] == [
        (Decimal(168), "个"),
        (Decimal(118), "个"),
    ]
    for p in proposals:
        assert text[p.start : p.end] == p.text
    assert proposals[0].period == "全年"
    assert "新开工" in proposals[0].metric
    assert "建成" in proposals[1].metric


def test_a_past_achievement_is_not_proposed() -> None:
    text = "去年全区新开工项目42个。今年力争新开工项目50个。"
    assert _values(text) == [(Decimal(50), "个", "=")]


def test_results_under_a_review_heading_are_not_proposed() -> None:
    text = (
        "一、2022年工作回顾\n全年实现地区生产总值512亿元，增长5.8%。\n"
        "二、2023年主要目标\n地区生产总值增长6%左右。"
    )
    assert _values(text) == [(Decimal(6), "%", "growth")]


def test_a_plan_figure_is_proposed_and_the_actual_beside_it_is_not() -> None:
    assert _values("计划新开工80个，已开工65个。") == [(Decimal(80), "个", "=")]


def test_progress_since_the_start_of_the_year_is_not_a_goal() -> None:
    text = "今年以来，全区完成投资286亿元。明年力争完成投资320亿元以上。"
    assert _values(text) == [(Decimal(320), "亿元", ">=")]


def test_chinese_numerals_are_read() -> None:
    text = "2022年工作要点：城镇新增就业一万五千人，完成老旧小区改造三十六个，新增学位二千个。"
    assert _values(text) == [
        (Decimal(15000), "人", "="),
        (Decimal(36), "个", "="),
        (Decimal(2000), "个", "="),
    ]


def test_wan_and_yi_scale_the_unit_not_the_value() -> None:
    text = "全年新增市场主体1.2万户，完成投资26亿元，三产单个项目总投资不低于5000万元。"
    assert _values(text) == [
        (Decimal("1.2"), "万户", "="),
        (Decimal(26), "亿元", "="),
        (Decimal(5000), "万元", ">="),
    ]


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("全年新增企业120家以上。", ">="),
        ("高新技术企业突破700家。", ">="),
        ("单个项目总投资不低于3亿元。", ">="),
        ("培训不少于500人次。", ">="),
        ("失业率控制在4.5%以内。", "<="),
        ("审批时间不超过60个工作日。", "<="),
        ("企业开办时间压缩至1个工作日以内。", "<="),
        ("R&D经费投入比增15%。", "growth"),
        ("占比提高1.5个百分点。", "growth"),
        ("外资项目13项。", "="),
    ],
)
def test_comparators_are_read_from_cue_words(text: str, comparator: str) -> None:
    (proposal,) = extract_text("2021年工作方案。" + text)
    assert proposal.comparator == comparator


def test_a_fall_is_a_negative_growth() -> None:
    (proposal,) = extract_text("2022年目标：单位地区生产总值能耗下降3%。")
    assert (proposal.value, proposal.comparator) == (Decimal(-3), "growth")


@pytest.mark.parametrize(
    "text",
    [
        "大力传承“3820”战略工程思想精髓。",
        "瞄准“142”产业体系。",
        "放大第44届世界遗产大会效应。",
        "推动“十四五”开好局。",
        "实施“营商环境4.0”行动。",
        "持续落实“五个一批”项目推进机制。",
        "大力实施“六大提升工程”。",
        "建成福州古厝展示馆等一批项目。",
        "专项行动分为街镇组、园区组、区直部门组等三组进行考评。",
        "排名后两名的街镇作表态发言。",
        "每季度召开一次通报会。",
        "各单位要对照上述十二项指标抓好落实。",
        "坚持两个毫不动摇。",
        "落实区委第十二届十二次全会部署。",
        "乡镇5G网络覆盖。",
    ],
)
def test_names_slogans_ordinals_and_plan_parts_are_not_proposed(text: str) -> None:
    assert extract_text("2021年行动方案。" + text) == []


def test_a_threshold_that_qualifies_a_noun_is_not_a_goal_but_the_count_is() -> None:
    assert _values("2022年目标：其中10亿元以上项目不少于5个。") == [(Decimal(5), "个", ">=")]


def test_list_numbering_and_dates_are_not_proposed() -> None:
    text = "附件：1.任务分解表\n2.考评办法\n福州市鼓楼区人民政府\n2020年12月28日"
    assert extract_text(text) == []


def test_span_offsets_point_into_the_original_traditional_text() -> None:
    text = "2022年工作報告。全年新開工億元以上項目一百零八個，新增規上企業不少於二十家。"
    proposals = extract_text(text)
    assert [p.text for p in proposals] == ["一百零八個", "不少於二十家"]
    for p in proposals:
        assert text[p.start : p.end] == p.text
    assert proposals[1].comparator == ">="
    assert "規上企業" in proposals[1].metric  # the metric keeps the original script


def test_full_width_digits_are_read_and_spans_stay_in_the_original() -> None:
    text = "2022年方案：全年安排重点项目１５０个，增长１０％以上。"
    proposals = extract_text(text)
    assert [(p.value, p.text) for p in proposals] == [
        (Decimal(150), "１５０个"),
        (Decimal(10), "增长１０％以上"),
    ]


def test_a_qualifier_is_kept_in_the_metric() -> None:
    text = "2021年方案。全年工业新开工项目13个、总投资26亿元，其中战略性新兴产业项目12个。"
    proposals = extract_text(text)
    assert proposals[1].metric.endswith("总投资")
    assert "其中战略性新兴产业项目" in proposals[2].metric


def test_crlf_line_endings_keep_offsets_exact() -> None:
    text = "2021年方案\r\n全年新开工168个。\r\n建成投产项目118个。\r\n"
    for p in extract_text(text):
        assert text[p.start : p.end] == p.text
