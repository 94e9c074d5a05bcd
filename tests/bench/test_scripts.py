"""The benchmark scripts still run against the current schema and print their figures.

Run at a tiny scale: these check that the scripts work and agree with duban (the pandas
baseline computes the same totals), not how fast anything is (that is what bench/ is for).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bench(script: str, *args: str) -> dict[str, object]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.bench
def test_assessment_bench_prints_its_figures_and_matches_pandas() -> None:
    figures = run_bench(
        "assessment.py", "--units", "30", "--projects", "600", "--months", "3", "--requests", "5"
    )
    for key in (
        "recompute_s",
        "scan_s",
        "pandas_s",
        "ratio_vs_scan",
        "ratio_db_vs_pandas",
        "screen_p50_ms",
        "screen_p95_ms",
        "peak_mb",
    ):
        assert key in figures, key
    assert figures["report_rows"] == 1800
    assert figures["pandas_mismatches"] == 0


@pytest.mark.bench
def test_excel_import_bench_prints_its_figures() -> None:
    figures = run_bench("excel_import.py", "--projects", "200", "--runs", "1")
    assert figures["rows"] == 200 and figures["bare_reader"] == "calamine"
    for key in ("import_s", "preview_s", "commit_s", "bare_read_s", "openpyxl_read_s", "ratio"):
        assert isinstance(figures[key], int | float), key
    # The floor re-inserts exactly what the import wrote: 200 projects, their listings and
    # node plans, at least one audit row each, and the batch.
    assert figures["commit_floor_rows"] >= 200 * 3 and figures["commit_floor_s"] > 0
    xml = run_bench("excel_import.py", "--projects", "200", "--runs", "1", "--format", "xml")
    assert xml["rows"] == 200 and xml["bare_reader"] == "lxml" and xml["ratio"] > 0


@pytest.mark.bench
def test_lights_bench_prints_its_figures() -> None:
    figures = run_bench(
        "lights.py", "--units", "10", "--projects", "200", "--months", "3", "--runs", "1",
        "--requests", "2",
    )  # fmt: skip
    assert figures["projects"] == 200 and figures["targets"] == 50
    assert figures["lights"] == 250 and figures["database"] == "sqlite"
    for key in ("compute_s", "scan_s", "ratio_vs_scan", "board_p95_ms", "red_s", "peak_mb"):
        assert isinstance(figures[key], int | float), key
    assert figures["red_shown"] == min(12, figures["red_projects"])


@pytest.mark.bench
def test_extract_bench_prints_quality_speed_and_reading_times() -> None:
    figures = run_bench("extract.py", "--runs", "1")
    assert figures["documents"] >= 12
    assert figures["precision"] >= 0.95 and figures["recall"] >= 0.95
    assert figures["chars_per_s"] > 0
    assert {"txt", "html", "docx", "pdf"} <= set(figures["read_ms"])


def test_documents_bench_prints_its_figures_and_the_pdf_keeps_the_standard() -> None:
    from duban.core.officialdoc.tests.support import require_pdf_tools

    require_pdf_tools()
    figures = run_bench("documents.py", "--rows", "15", "--docs", "2", "--runs", "1")
    for key in ("docx_ms", "pdf_one_s", "pdf_batch_s", "per_doc_s", "check_ms", "pages"):
        assert key in figures
    assert figures["problems"] == []
