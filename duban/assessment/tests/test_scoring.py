"""The score is a pure function of its inputs; the ranking rule is 1, 2, 2, 4."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from duban.assessment.scoring import ItemInput, explain, item_points, rank, score_item

D = Decimal


def test_a_capped_rate_never_earns_more_than_the_weight() -> None:
    assert item_points(ItemInput(D(3), D("1.75")), weight=D(25), capped=True, mode="rate") == (
        D("1.7143"),
        D("25.00"),
    )


def test_an_uncapped_rate_earns_beyond_the_weight() -> None:
    assert item_points(ItemInput(D(3), D(2)), weight=D(10), capped=False, mode="rate") == (
        D("1.5000"),
        D("15.00"),
    )


def test_rates_round_half_up_to_four_places_and_points_to_two() -> None:
    # 1 ÷ 3 = 0.3333…; 25 × 0.3333 = 8.3325 → 8.33
    assert item_points(ItemInput(D(1), D(3)), weight=D(25), capped=True, mode="rate") == (
        D("0.3333"),
        D("8.33"),
    )
    # 2 ÷ 3 = 0.6667 (half-up); 15 × 0.6667 = 10.0005 → 10.00
    assert item_points(ItemInput(D(2), D(3)), weight=D(15), capped=True, mode="rate") == (
        D("0.6667"),
        D("10.00"),
    )


def test_a_unit_without_a_task_gets_the_full_weight() -> None:
    assert item_points(ItemInput(D(0), None), weight=D(20), capped=True, mode="rate") == (
        None,
        D("20.00"),
    )
    assert item_points(ItemInput(D(0), D(0)), weight=D(20), capped=True, mode="rate")[1] == D(20)


def test_bonus_and_deduction_points_are_limited_to_the_weight_when_capped() -> None:
    assert item_points(ItemInput(D(7)), weight=D(5), capped=True, mode="points") == (None, D(5))
    assert item_points(ItemInput(D(-7)), weight=D(5), capped=True, mode="points")[1] == D(-5)
    assert item_points(ItemInput(D(-7)), weight=D(5), capped=False, mode="points")[1] == D(-7)


def test_the_explanation_prints_the_arithmetic() -> None:
    item = score_item(
        ItemInput(D(3), D("1.75")), kind="k", label="新开工完成率", weight=D(25), capped=True,
        mode="rate",
    )  # fmt: skip
    assert explain(item) == "3 ÷ 1.75 = 171.43%（封顶100%）；25 × 1 = 25.00 分"


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    rows = [("d", D(70), (4, "d")), ("a", D(90), (1, "a")), ("c", D(80), (3, "c"))]
    rows.append(("b", D(80), (2, "b")))
    ranked = rank(rows)
    assert [(r.key, r.rank, r.position) for r in ranked] == [
        ("a", 1, 1),
        ("b", 2, 2),
        ("c", 2, 3),
        ("d", 4, 4),
    ]


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30))
def test_ranking_is_deterministic_whatever_the_input_order(totals: list[Decimal]) -> None:
    rows = [(n, t, (n,)) for n, t in enumerate(totals)]
    forward = rank(rows)
    backward = rank(list(reversed(rows)))
    assert forward == backward
    for r in forward:
        assert r.rank == 1 + sum(1 for t in totals if t > r.total)
