"""What every importer shares: finding layouts in sheets, blank rows, label maps, the batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import models

from duban.accounts.actors import Actor, person
from duban.audit.services import record
from duban.transfer.choices import BatchStatus, Outcome
from duban.transfer.headers import Layout, detect
from duban.transfer.models import ImportBatch
from duban.transfer.preview import Issue, Preview
from duban.transfer.reader import Sheet
from duban.transfer.values import is_blank, normalize

Progress = Callable[[int], None]


def label_map(choices: type[models.TextChoices], extra: dict[str, str]) -> dict[str, str]:
    """Normalised label (and value) → stored value, plus the words districts also use."""
    out = {normalize(str(c.label)): c.value for c in choices}  # type: ignore[attr-defined]
    out.update({normalize(c.value): c.value for c in choices})  # type: ignore[attr-defined]
    for label in list(out):
        for part in label.split("/"):
            out.setdefault(part, out[label])
    out.update({normalize(k): v for k, v in extra.items()})
    return out


def row_is_blank(row: tuple[Any, ...]) -> bool:
    return all(is_blank(v) for v in row)


def sheet_layouts(
    sheets: list[Sheet],
    index: dict[str, str],
    required: str,
    mapping: dict[str, str] | None,
    preview: Preview,
) -> Iterator[tuple[Sheet, Layout]]:
    """Each sheet whose header can be found; the others are named in the notes."""
    found = 0
    for sheet in sheets:
        if not sheet.rows:
            continue
        layout = detect(sheet.rows, index, required=required, mapping=mapping)
        if layout is None:
            preview.notes.append(f"工作表“{sheet.name}”中没有找到可识别的表头，已忽略")
            continue
        found += 1
        for col in layout.unknown:
            preview.unknown_columns.append(
                Issue(
                    sheet.name,
                    layout.header_row,
                    f"{col.letter}列“{col.header}”",
                    "未识别的列，导入时不使用；可在下方指定对应字段并保存为本区的列映射",
                )
            )
        yield sheet, layout
    if not found:
        preview.file_issues.append(
            Issue(
                sheets[0].name if sheets else "",
                1,
                "",
                "没有找到可识别的表头（前 20 行内需有“项目名称”等列名）",
            )
        )


def finish_batch(preview: Preview, *, actor: Actor) -> ImportBatch:
    """The batch row and its audit row (file name, sha256, rows, outcome), same transaction."""
    counts = preview.counts
    batch = ImportBatch.objects.create(
        kind=preview.kind,
        file_name=preview.file_name[:255],
        sha256=preview.sha256,
        size=preview.size,
        actor=person(actor),
        status=BatchStatus.COMMITTED,
        rows=preview.data_rows,
        counts=counts,
    )
    record(
        "import.committed",
        actor=actor,
        obj=batch,
        detail={
            "kind": preview.kind,
            "file_name": preview.file_name,
            "sha256": preview.sha256,
            "rows": preview.data_rows,
            "new": counts[Outcome.NEW],
            "update": counts[Outcome.UPDATE],
            "unchanged": counts[Outcome.UNCHANGED],
        },
    )
    return batch


__all__ = ["BatchStatus", "Progress", "finish_batch", "label_map", "row_is_blank", "sheet_layouts"]
