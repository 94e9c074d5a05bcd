"""The two real seed documents: the action plan's targets, and nothing from the news page."""

from decimal import Decimal
from pathlib import Path

import pytest

from duban.intake import extract_file

EVALUATION = Path(__file__).resolve().parent.parent / "evaluation" / "documents"
PLAN = EVALUATION / "seed_002_plan.txt"
NEWS = EVALUATION / "seed_000_news.txt"


@pytest.fixture(scope="module")
def plan() -> list[tuple[Decimal, str, str, str]]:
    return [(p.value, p.unit, p.comparator, p.metric) for p in extract_file(PLAN)]


def _has(plan: list[tuple[Decimal, str, str, str]], value: str, unit: str, comp: str) -> bool:
    return any(v == Decimal(value) and u == unit and c == comp for v, u, c, _ in plan)


@pytest.mark.parametrize(
    ("value", "unit", "comparator"),
    [
        ("168", "个", "="),
        ("118", "个", "="),
        ("13", "个", "="),
        ("26", "亿元", "="),
        ("95", "个", "="),
        ("190", "亿元", "="),
        ("20", "个", "="),
        ("40", "个", "="),
        ("30", "个", "="),
        ("120", "家", ">="),
        ("65", "家", ">="),
        ("15", "%", "growth"),
        ("90", "家", "growth"),
        ("700", "家", ">="),
        ("150", "个", ">="),
        ("3", "亿元", ">="),
        ("1", "亿元", ">="),
        ("5000", "万元", ">="),
        ("13", "项", "="),
    ],
)
def test_the_action_plan_targets_are_proposed(
    plan: list[tuple[Decimal, str, str, str]], value: str, unit: str, comparator: str
) -> None:
    assert _has(plan, value, unit, comparator)


def test_the_action_plan_yields_exactly_its_34_targets(
    plan: list[tuple[Decimal, str, str, str]],
) -> None:
    assert len(plan) == 34


def test_none_of_the_slogans_is_proposed() -> None:
    texts = [p.text for p in extract_file(PLAN)]
    for slogan in (
        "3820",
        "142",
        "五个一批",
        "六大",
        "十四五",
        "4.0",
        "一百",
        "三组",
        "两名",
    ):
        assert not any(slogan in text for text in texts), slogan


def test_the_seed_news_page_states_no_quantitative_target() -> None:
    assert extract_file(NEWS) == []


def test_spans_index_the_file_text() -> None:
    text = PLAN.read_text(encoding="utf-8")
    for p in extract_file(PLAN):
        assert text[p.start : p.end] == p.text
