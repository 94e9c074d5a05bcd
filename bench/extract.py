"""Quality and speed of the target extractor on the labelled evaluation set.

Prints precision, recall and F1 for the tuning split (documents the rules were developed
on), the held-out split (written and labelled before the rules they test were written, never
iterated on) and both together, then throughput in characters per second of extraction
(median of several runs over all documents) and the median time to read one document of each
kind (a .doc/.wps includes its LibreOffice conversion). The last line is one JSON object
with the held-out figures, the throughput and the reading times; other checks parse it.

Usage: ``python bench/extract.py [--runs N] [--verbose]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from duban.intake import extract_document
from duban.intake.evaluate import EVALUATION, Score, score_split, total
from duban.intake.text import load_file


def _line(name: str, score: Score) -> str:
    """One printed row of figures."""
    return (
        f"{name:<10} precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"F1 {score.f1:.3f}  (right {score.true_positives}, wrong {score.false_positives}, "
        f"missed {score.false_negatives})"
    )


def throughput(runs: int) -> float:
    """Median characters per second of ``extract`` over every evaluation document."""
    documents = [load_file(path) for path in sorted((EVALUATION / "documents").iterdir())]
    characters = sum(len(document.original) for document in documents)
    rates: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        for document in documents:
            extract_document(document)
        rates.append(characters / (time.perf_counter() - started))
    return statistics.median(rates)


def reading_ms(runs: int) -> dict[str, float]:
    """Median milliseconds to read one document of each kind (decode, parse, convert), the
    cost before extraction: a .doc/.wps starts LibreOffice, a PDF is parsed by pypdf."""
    times: dict[str, list[float]] = {}
    for path in sorted((EVALUATION / "documents").iterdir()):
        for _ in range(max(1, runs // 2)):
            started = time.perf_counter()
            document = load_file(path)
            times.setdefault(document.kind, []).append((time.perf_counter() - started) * 1000)
    return {kind: round(statistics.median(values), 1) for kind, values in sorted(times.items())}


def main() -> None:
    """Print the figures; the last line is JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    tuning = total(score_split("tuning"))
    heldout = total(score_split("heldout"))
    overall = total(score_split(None))
    print(_line("tuning", tuning))
    print(_line("held-out", heldout))
    print(_line("all", overall))
    if args.verbose:
        for mistake in overall.mistakes:
            print("  ", mistake)
    speed = throughput(args.runs)
    documents = len(list((EVALUATION / "documents").iterdir()))
    print(f"documents  {documents}")
    print(f"speed      {speed:,.0f} characters/s (median of {args.runs} runs)")
    reading = reading_ms(args.runs)
    print("reading    " + ", ".join(f"{kind} {ms} ms" for kind, ms in reading.items()))
    print("last line: held-out precision/recall/F1 and the speed over all documents")
    print(
        json.dumps(
            {
                "precision": round(heldout.precision, 4),
                "recall": round(heldout.recall, 4),
                "f1": round(heldout.f1, 4),
                "chars_per_s": round(speed),
                "documents": documents,
                "read_ms": reading,
            }
        )
    )


if __name__ == "__main__":
    main()
