"""Fill in the character offsets of hand-written labels.

Labels are written by hand as the exact span text (and, when that text occurs more than once,
an ``anchor``: a longer unique string that contains it). Counting characters by hand is where
label errors come from, so this tool computes ``start``/``end`` once and writes them into the
label file; the evaluator then checks ``text == document[start:end]`` on every run.

Usage: ``python -m duban.intake.evaluation.locate [labels/NAME.json ...]``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from duban.intake.text import load_file

FOLDER = Path(__file__).parent


def locate(text: str, span: str, anchor: str | None) -> tuple[int, int]:
    """Offsets of ``span`` in ``text``, using ``anchor`` when the span alone is ambiguous."""
    needle = anchor or span
    first = text.find(needle)
    if first < 0:
        raise ValueError(f"not found: {needle!r}")
    if text.find(needle, first + 1) >= 0:
        raise ValueError(f"ambiguous, give a longer anchor: {needle!r}")
    inner = needle.find(span)
    if inner < 0:
        raise ValueError(f"anchor {anchor!r} does not contain {span!r}")
    return first + inner, first + inner + len(span)


def fill(label_path: Path) -> None:
    """Rewrite one label file with computed offsets (idempotent).

    Spans are found in the text as read (the visible text of a web page) and written as
    offsets into the original (the page's HTML source), as the extractor reports them.
    """
    data = json.loads(label_path.read_text(encoding="utf-8"))
    document = load_file(FOLDER / "documents" / data["document"])
    for label in data["labels"]:
        start, end = locate(document.text, label["text"], label.get("anchor"))
        label["start"], label["end"] = document.to_original(start, end)
    lines = ",\n ".join(json.dumps(label, ensure_ascii=False) for label in data["labels"])
    header = {key: value for key, value in data.items() if key != "labels"}
    head = json.dumps(header, ensure_ascii=False)[:-1]
    label_path.write_text(f'{head}, "labels": [\n {lines}\n]}}\n', encoding="utf-8")


def main(argv: list[str]) -> None:
    """Fill the given label files, or all of them."""
    paths = [Path(arg) for arg in argv] or sorted((FOLDER / "labels").glob("*.json"))
    for path in paths:
        fill(path)
        print(f"{path.name}: ok")


if __name__ == "__main__":
    main(sys.argv[1:])
