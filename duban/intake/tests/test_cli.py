"""``duban extract FILE --format json`` prints the documented JSON array (engine part)."""

import json
from pathlib import Path

from duban.intake.cli import main

PLAN = Path(__file__).resolve().parent.parent / "evaluation" / "documents" / "seed_002_plan.txt"


def test_json_output_has_the_documented_fields(capsys: object) -> None:
    assert main([str(PLAN), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    text = PLAN.read_text(encoding="utf-8")
    assert items and {
        "value",
        "unit",
        "metric",
        "comparator",
        "period",
        "start",
        "end",
        "text",
    } <= set(items[0])
    for item in items:
        assert item["comparator"] in (">=", "<=", "growth", "=")
        assert isinstance(item["value"], int | float)
        assert text[item["start"] : item["end"]] == item["text"]


def test_table_output_lists_the_targets(capsys: object) -> None:
    assert main([str(PLAN)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "168个" in out and "共 34 条" in out


def test_an_unreadable_file_exits_with_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ")
    assert main([str(bad)]) == 2


def test_the_duban_extract_command_prints_the_json_array() -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("extract", str(PLAN), "--format", "json", stdout=out)
    items = json.loads(out.getvalue())
    assert len(items) == 34
    assert items[0]["text"] == "168个"
