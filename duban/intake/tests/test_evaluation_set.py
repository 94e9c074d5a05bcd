"""The labelled evaluation set guards against regressions: F1 must stay at or above 0.9."""

import pytest

from duban.intake.evaluate import score_split, total


@pytest.mark.parametrize("split", ["tuning", "heldout"])
def test_f1_on_the_evaluation_set_stays_at_least_0_9(split: str) -> None:
    score = total(score_split(split))
    assert score.true_positives > 0
    assert score.precision >= 0.9, score.mistakes
    assert score.recall >= 0.9, score.mistakes
    assert score.f1 >= 0.9, score.mistakes


def test_every_label_span_matches_its_document() -> None:
    # load_labels raises when a label's offsets do not cut out its text
    assert len(score_split(None)) >= 8
