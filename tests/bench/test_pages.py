"""bench/pages.py still runs against the current schema and prints its figures (tiny scale:
this checks the script and the pages it opens, not how fast they are)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.bench
def test_pages_bench_opens_every_page_and_prints_its_figures() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pages.py"), "--units", "10", "--projects",
         "300", "--months", "3", "--requests", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["projects"] == 300 and figures["database"] == "sqlite"
    for key in ("ledger", "drilldown", "month_grid"):
        assert figures[f"{key}_p95_ms"] >= figures[f"{key}_p50_ms"] > 0, key
