"""What an import would do, row by row, before anyone confirms it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from duban.transfer.choices import Outcome


@dataclass
class Issue:
    """One problem, named by place: sheet, row, column and a plain Chinese message."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = f"工作表“{self.sheet}”第 {self.row} 行"
        if self.column:
            place += f"“{self.column}”列"
        return f"{place}：{self.message}"


@dataclass
class RowResult:
    sheet: str
    row: int
    outcome: str
    key: str = ""
    name: str = ""
    changes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    note: str = ""
    # Internal: what apply() needs (parsed values, the matched record, its version).
    payload: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


@dataclass
class Preview:
    kind: str
    file_name: str
    sha256: str
    size: int
    rows: list[RowResult] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)
    unknown_columns: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.outcome for r in self.rows)
        return {o.value: c.get(o.value, 0) for o in Outcome}

    @property
    def data_rows(self) -> int:
        return sum(1 for r in self.rows if r.outcome != Outcome.SKIPPED)

    @property
    def issues(self) -> list[Issue]:
        out = list(self.file_issues)
        for r in self.rows:
            out.extend(r.issues)
        return out

    @property
    def ok(self) -> bool:
        return not self.file_issues and not any(r.outcome == Outcome.ERROR for r in self.rows)

    @property
    def writes(self) -> int:
        counts = self.counts
        return counts[Outcome.NEW] + counts[Outcome.UPDATE]

    def summary(self) -> str:
        c = self.counts
        return (
            f"新增 {c['new']} 行，更新 {c['update']} 行，无变化 {c['unchanged']} 行，"
            f"错误 {c['error']} 行，跳过 {c['skipped']} 行"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the preview page between the upload and the confirmation."""
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "counts": self.counts,
            "summary": self.summary(),
            "ok": self.ok,
            "notes": self.notes,
            "file_issues": [str(i) for i in self.file_issues],
            "unknown_columns": [
                {"sheet": i.sheet, "column": i.column, "message": i.message}
                for i in self.unknown_columns
            ],
            "rows": [
                {
                    "sheet": r.sheet,
                    "row": r.row,
                    "outcome": r.outcome,
                    "outcome_label": r.outcome_label,
                    "key": r.key,
                    "name": r.name,
                    "changes": r.changes,
                    "note": r.note,
                    "issues": [
                        {"column": i.column, "message": i.message, "text": str(i)} for i in r.issues
                    ],
                }
                for r in self.rows
            ],
        }
