"""The recompute's shortcuts (issue 16's bench) write exactly what the plain code would: JSON
written by hand equals the encoder's, str() of a number equals format "f", rows written a
batch at a time equal the engine's rows, and pausing the garbage collector leaves it as it was."""

from __future__ import annotations

import dataclasses
import gc
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from duban.assessment import services
from duban.assessment.engine import _num, compute_group, gc_paused, stored_rows
from duban.assessment.items import _Measured, _target_source_head, _target_source_json
from duban.assessment.models import ItemScore, UnitScore
from duban.assessment.services import compute_month, current_method
from duban.assessment.tests.test_compute_scores import MARCH, ScoresTestCase

D = Decimal


def encoded(sources: object) -> str:
    """What the engine's general path writes."""
    return json.dumps(sources, ensure_ascii=False, sort_keys=True, default=str)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_a_number_is_written_as_format_f_writes_it(value: Decimal) -> None:
    assert _num(value) == format(value, "f")


def test_an_exponent_falls_back_to_format_f() -> None:
    assert (_num(D("1E+1")), _num(D("1E-7")), _num(D("-0.00"))) == ("10", "0.0000001", "-0.00")


@given(
    title=st.text(),
    unit=st.text(),
    share=st.none() | st.text(),
    revised=st.none() | st.decimals(allow_nan=False, allow_infinity=False),
    figures=st.lists(st.decimals(allow_nan=False, allow_infinity=False), min_size=4, max_size=4),
    ids=st.tuples(st.integers(1, 10**9), st.integers(1, 10**9)),
)
def test_a_target_source_is_written_as_the_encoder_writes_it(
    title: str,
    unit: str,
    share: str | None,
    revised: Decimal | None,
    figures: list[Decimal],
    ids: tuple[int, int],
) -> None:
    head = _target_source_head(_Measured(title, unit, {}), share)
    assert head is not None
    original, used, task, actual = figures
    source = {
        "type": "target", "id": ids[0], "title": title, "unit": unit, "original": str(original),
        "revised": None if revised is None else str(revised), "used": str(used), "share": share,
        "task": str(task), "actual": str(actual), "district_target": ids[1],
    }  # fmt: skip
    assert _target_source_json(head, source) == encoded(source)


def test_a_title_that_is_not_a_plain_string_is_left_to_the_encoder() -> None:
    class Lazy(str):
        pass

    assert _target_source_head(_Measured(Lazy("新开工"), "个", {}), None) is None


class StoredAsThePlainPathWouldTests(ScoresTestCase):
    def test_the_written_json_is_the_encoders_and_the_rows_and_hash_do_not_depend_on_it(
        self,
    ) -> None:
        method = current_method(2021, "street")
        assert method is not None
        result = compute_group(method, MARCH)
        written = [i for r in result.rows for i in r.items if i.sources_json is not None]
        assert {i.kind for i in written} >= {"new_start_rate", "report_timeliness"}
        for item in written:
            assert item.sources_json == encoded(item.sources)
        plain = [
            dataclasses.replace(
                r, items=[dataclasses.replace(i, sources_json=None) for i in r.items]
            )
            for r in result.rows
        ]
        assert stored_rows(result.spec, MARCH, plain) == (
            result.unit_rows,
            result.item_rows,
            result.content_sha256,
        )

    def test_rows_written_a_batch_at_a_time_are_the_engines_rows(self) -> None:
        method = current_method(2021, "street")
        assert method is not None
        rows = compute_group(method, MARCH).item_rows
        assert len(rows) % 5  # full batches and a remainder
        original = services._BATCH
        services._BATCH = 5
        try:
            compute_month(MARCH, actor=self.supervisor, groups=["street"])
        finally:
            services._BATCH = original
        fields = [
            "kind", "label", "weight", "capped", "mode", "numerator", "denominator", "rate",
            "points", "sources", "sort_order", "code", "role", "applicable", "effective_weight",
        ]  # fmt: skip
        units = dict(UnitScore.objects.values_list("id", "unit_id"))
        stored = sorted(
            (units[s["unit_score_id"]], s["sort_order"], s)
            for s in ItemScore.objects.values("unit_score_id", *fields)
        )
        assert len(stored) == len(rows)
        expected = sorted((row[0], row[11], row) for row in rows)
        for (unit, order, got), (unit_e, order_e, row) in zip(stored, expected, strict=True):
            assert (unit, order) == (unit_e, order_e)
            assert got["code"] == row[12] and got["points"] == D(row[9])
            assert got["sources"] == json.loads(row[10])


def test_pausing_the_collector_restores_it_as_it_was() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector someone else turned off stays off
    finally:
        gc.enable()
