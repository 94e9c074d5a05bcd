"""The labelled evaluation set guards against regressions: precision and recall stay ≥ 0.95."""

import json

import pytest

from duban.intake.evaluate import EVALUATION, score_split, total


@pytest.mark.parametrize("split", ["tuning", "heldout"])
def test_precision_and_recall_on_the_evaluation_set_stay_at_least_0_95(split: str) -> None:
    score = total(score_split(split))
    assert score.true_positives > 0
    assert score.precision >= 0.95, score.mistakes
    assert score.recall >= 0.95, score.mistakes


def test_every_label_span_matches_its_document_and_the_set_is_large_enough() -> None:
    # load_labels raises when a label's offsets do not cut out its text
    scores = score_split(None)
    assert len(scores) >= 12
    kinds = {path.suffix for path in (EVALUATION / "documents").iterdir()}
    assert {".txt", ".html", ".docx", ".doc", ".wps", ".pdf"} <= kinds


def test_both_splits_hold_documents_of_every_new_error_class() -> None:
    splits = {}
    for path in (EVALUATION / "labels").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        splits[data["document"]] = data["split"]
    # progress bulletins, Traditional pages with markup, plans in Word/WPS/PDF
    assert splits["t7_progress.txt"] == "tuning" and splits["h5_progress.txt"] == "heldout"
    assert splits["t8_tw_page.html"] == "tuning" and splits["h6_tw_machine.html"] == "heldout"
    assert splits["t9_plan.doc"] == "tuning" and splits["h7_plan.wps"] == "heldout"
    assert splits["h8_plan.pdf"] == "heldout"
