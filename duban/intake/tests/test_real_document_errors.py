"""The error classes real documents showed (issue "Document intake, second round"), one rule each.

Every text here was written for its rule; the evaluation set holds longer documents in each
class (t7/t8/t9 for tuning, h5–h8 held out).
"""

from decimal import Decimal

import pytest

from duban.intake import extract_text
from duban.intake.cli import format_table

PLAN = "2024年工作方案。"
BULLETIN = "关于2024年全区重点项目1-7月建设进展情况的通报\n"


def _read(text: str) -> list[tuple[Decimal, str, str]]:
    return [(p.value, p.unit, p.comparator) for p in extract_text(text)]


# -- a progress ratio is not a goal ---------------------------------------------------------


def test_a_share_of_the_plan_is_progress_not_a_goal() -> None:
    text = BULLETIN + "1-7月，全区完成投资201.2亿元，占年计划投资的64.49%，超序时进度6.2个百分点。"
    assert _read(text) == []


def test_a_share_of_the_target_completed_is_progress() -> None:
    text = PLAN + "截至9月底，累计完成投资121.6亿元，完成年度目标任务的78%。"
    assert _read(text) == []


def test_a_share_of_the_plan_required_by_a_deadline_stays_a_goal() -> None:
    text = PLAN + "确保9月底前完成年度计划投资的75%以上。"
    assert _read(text) == [(Decimal(75), "%", ">=")]


# -- a results sentence does not inherit the future ---------------------------------------


def test_a_results_sentence_does_not_inherit_the_goal_of_the_sentence_before() -> None:
    text = BULLETIN + "年度目标是新开工项目60个，力争70个。全区新开工项目43个，开工率71.7%。"
    assert _read(text) == [(Decimal(60), "个", "="), (Decimal(70), "个", "=")]


def test_completing_the_annual_target_is_no_future_cue_for_the_next_sentence() -> None:
    text = (
        "江岸区召开2022年重点项目攻坚动员大会\n"
        "会上通报，今年以来，新开工项目73个，均超额完成年度目标任务。区委书记表示，"
        "全区新签约亿元以上项目58个。会议明确，明年力争新开工项目80个。"
    )
    assert _read(text) == [(Decimal(80), "个", "=")]


def test_a_sentence_opening_on_an_elapsed_period_reads_as_a_result() -> None:
    text = "会议提出，力争全年地区生产总值增长6.5%。上半年，全区地区生产总值增长7.1%。"
    assert _read(text) == [(Decimal("6.5"), "%", "growth")]


def test_the_next_steps_of_a_progress_report_are_goals() -> None:
    text = (
        BULLETIN
        + "一、总体进展\n全区新开工项目43个。\n三、下阶段工作\n"
        + "力争全年办结审批事项1200件以上；全年新增燃气用户1.5万户。"
    )
    assert _read(text) == [(Decimal(1200), "件", ">="), (Decimal("1.5"), "万户", "=")]


def test_a_title_names_its_kind_last() -> None:
    text = "关于2023年主要经济指标1-9月完成情况的通报\n全县新开工项目38个。"
    assert _read(text) == []


# -- comparators of listed figures and of percentage points --------------------------------


def test_figures_listed_after_fenbie_all_keep_the_growth_comparator() -> None:
    text = (
        PLAN
        + "规上工业增加值、社会消费品零售总额分别增长8%、9%；"
        + "固定资产投资、工业投资分别增长10%和12%。"
    )
    assert _read(text) == [
        (Decimal(8), "%", "growth"),
        (Decimal(9), "%", "growth"),
        (Decimal(10), "%", "growth"),
        (Decimal(12), "%", "growth"),
    ]


def test_fenbie_pairs_each_figure_with_its_own_subject() -> None:
    text = PLAN + "规上工业增加值、社会消费品零售总额分别增长8%、9%。"
    assert [p.metric for p in extract_text(text)] == ["规上工业增加值", "社会消费品零售总额"]


def test_a_bare_stretch_figure_after_a_growth_is_a_growth() -> None:
    text = PLAN + "地区生产总值增长6.5%左右，力争7%。"
    assert _read(text) == [(Decimal("6.5"), "%", "growth"), (Decimal(7), "%", "growth")]


def test_a_bare_figure_after_a_floor_is_not_a_floor() -> None:
    text = PLAN + "确保新开工项目不少于110个、力争120个。"
    assert _read(text) == [(Decimal(110), "个", ">="), (Decimal(120), "个", "=")]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("城镇调查失业率低于全省平均水平0.5个百分点。", Decimal("-0.5")),
        ("居民收入增速高于经济增速0.5个百分点。", Decimal("0.5")),
        ("增速比上半年回落0.3个百分点。", Decimal("-0.3")),
        ("研发经费投入强度提高0.2个百分点。", Decimal("0.2")),
    ],
)
def test_percentage_points_keep_their_sign_and_unit(sentence: str, value: Decimal) -> None:
    (proposal,) = extract_text(PLAN + sentence)
    assert (proposal.value, proposal.unit, proposal.comparator) == (value, "个百分点", "growth")


# -- 共 --------------------------------------------------------------------------------------


def test_gong_states_a_total_to_reach() -> None:
    assert _read(PLAN + "全年实施重点项目共530项，年度计划投资420亿元。") == [
        (Decimal(530), "项", "="),
        (Decimal(420), "亿元", "="),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "实施强链、补链、延链共三项工程。",
        "围绕石化、新材料、文旅康养共3个产业。",
        "包括道路、桥梁等共5项。",
    ],
)
def test_gong_after_a_listed_enumeration_only_counts_it(sentence: str) -> None:
    assert extract_text(PLAN + sentence) == []


# -- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["μg/m³", "µg/m³", "μg/m3", "µg/m3", "ug/m3", "微克/立方米"])
def test_air_quality_in_every_spelling_is_read_as_micrograms_per_cubic_metre(spelling: str) -> None:
    (proposal,) = extract_text(PLAN + f"PM2.5年均浓度控制在28{spelling}以内。")
    assert (proposal.value, proposal.unit, proposal.comparator) == (
        Decimal(28),
        "微克/立方米",
        "<=",
    )
    assert proposal.text.endswith(f"28{spelling}以内")


def test_households_parcels_and_points_are_units() -> None:
    text = PLAN + "新增燃气用户1.2萬戶，出让工业用地30宗，占比提高1.5个百分点。"
    assert _read(text) == [
        (Decimal("1.2"), "万户", "="),
        (Decimal(30), "宗", "="),
        (Decimal("1.5"), "个百分点", "growth"),
    ]


# -- how values and metrics read -------------------------------------------------------------


def test_values_print_in_plain_notation_never_scientific() -> None:
    (proposal,) = extract_text(PLAN + "全年新开工项目40个。")
    proposal = type(proposal)(**{**proposal.__dict__, "value": Decimal("4E+1")})
    assert proposal.to_dict()["value"] == 40
    assert " 40 " in format_table([proposal]) and "E+" not in format_table([proposal])


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("全年推进签约项目50个、落实开工30个。", "落实开工项目"),
        ("落实12项惠企政策。", "落实惠企政策"),
        ("全年推进45个重大项目。", "推进重大项目"),
    ],
)
def test_a_metric_is_never_only_the_verb_before_the_number(sentence: str, metric: str) -> None:
    assert extract_text(PLAN + sentence)[-1].metric == metric


# -- what an accepted target counts ----------------------------------------------------------


def test_queben_is_a_floor_and_lizheng_a_stretch_when_a_plan_gives_both() -> None:
    proposals = extract_text(PLAN + "确保完成投资312亿元，力争完成330亿元；新开工项目60个。")
    assert [(p.value, p.commitment) for p in proposals] == [
        (Decimal(312), "floor"),
        (Decimal(330), "stretch"),
        (Decimal(60), ""),
    ]


@pytest.mark.parametrize(
    ("period", "month"),
    [("全年", 12), ("上半年", 6), ("一季度", 3), ("前三季度", 9), ("8月底前", 8), ("年底前", 12)],
)
def test_a_period_gives_the_month_a_target_is_due(period: str, month: int) -> None:
    (proposal,) = extract_text(PLAN + f"{period}新开工项目55个。")
    assert (proposal.period, proposal.due_month) == (period, month)


def test_an_investment_floor_holds_for_its_sentence_and_xiatong_for_the_document() -> None:
    text = (
        "2021年方案。\n全年工业新开工亿元以上（下同）项目13个、总投资26亿元。\n"
        "全年新开工生态及民生项目40个，建成项目30个；新增规上企业65家。\n"
        "其中5亿元以上项目不少于8个。"
    )
    floors = [(p.value, p.floor_wan) for p in extract_text(text)]
    assert floors == [
        (Decimal(13), Decimal(10000)),
        (Decimal(26), Decimal(10000)),
        (Decimal(40), Decimal(10000)),
        (Decimal(30), Decimal(10000)),
        (Decimal(65), None),
        (Decimal(8), Decimal(50000)),
    ]


def test_qizhong_points_at_the_broader_target_of_the_same_kind() -> None:
    text = PLAN + "全年工业新开工项目13个、总投资26亿元，其中战略性新兴产业项目12个、总投资24亿元。"
    proposals = extract_text(text)
    assert [p.parent for p in proposals] == [None, None, 0, 1]
    assert proposals[2].strategic and not proposals[0].strategic
    assert [p.category for p in proposals] == ["工业"] * 4


def test_the_category_comes_from_the_lead_in_of_the_line() -> None:
    (proposal,) = extract_text(PLAN + "\n（三）招商引资。全年新落地产业项目60个以上。")
    assert proposal.category == "招商"


def test_foreign_funded_counts_are_restricted() -> None:
    (proposal,) = extract_text(PLAN + "外资项目13项。")
    assert proposal.foreign
