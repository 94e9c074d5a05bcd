"""Printing proposals for ``duban extract FILE [--format json|table]``.

Kept free of Django so that ``python -m duban.intake FILE`` works without settings; the
management command of the same name calls :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence

from duban.intake import IntakeError, Proposal, extract_file
from duban.intake.extract import plain_decimal

__all__ = ["format_json", "format_table", "main", "run"]

_COMPARATOR_LABELS = {">=": "≥", "<=": "≤", "growth": "增长", "=": "="}
_COMMITMENT_LABELS = {"floor": "确保", "stretch": "力争", "": ""}


def format_json(proposals: Sequence[Proposal]) -> str:
    """A JSON array, one object per proposal (the interface other checks rely on)."""
    return json.dumps([p.to_dict() for p in proposals], ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` display columns."""
    return text + " " * max(0, width - _width(text))


def format_table(proposals: Sequence[Proposal]) -> str:
    """An aligned table for reading in a terminal."""
    header = ["#", "数值", "单位", "比较", "承诺", "期间", "指标", "位置", "原文"]
    rows = [header]
    for index, p in enumerate(proposals, 1):
        rows.append(
            [
                str(index),
                plain_decimal(p.value),
                p.unit,
                _COMPARATOR_LABELS[p.comparator],
                _COMMITMENT_LABELS.get(p.commitment, ""),
                p.period or "",
                p.metric,
                f"{p.start}-{p.end}",
                p.text,
            ]
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.append(f"共 {len(proposals)} 条建议目标")
    return "\n".join(line.rstrip() for line in lines)


def run(path: str, output_format: str = "table") -> str:
    """The text ``duban extract`` prints for one file."""
    proposals = extract_file(path)
    return format_json(proposals) if output_format == "json" else format_table(proposals)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m duban.intake FILE [--format json|table]``."""
    parser = argparse.ArgumentParser(prog="duban extract", description="列出文件中的目标任务建议")
    parser.add_argument("file")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    args = parser.parse_args(argv)
    try:
        print(run(args.file, args.format))
    except (IntakeError, OSError) as exc:
        print(f"无法读取文件：{exc}", file=sys.stderr)
        return 2
    return 0
