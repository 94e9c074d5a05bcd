"""Import speed: a 10,000-project ledger in the messy district layout, preview + commit.

Generates the workbook (title rows, two-row merged header, 亿元 column, numbers as text,
小计/合计 rows, spacer rows; see tests/support/spreadsheets.py), then times
  * openpyxl alone reading it in read-only mode (the floor any importer stands on), and
  * duban's full import: file safety checks, parsing, validation, preview, and the commit of
    every project, plan listing and audit row into a fresh SQLite database under var/bench/.
Medians of --runs runs. The last line printed is one JSON object:
  {"rows": …, "import_s": …, "openpyxl_read_s": …, "ratio": …}

    python bench/excel_import.py [--projects 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "bench.sqlite3"
TEMPLATE = BENCH_DIR / "template.sqlite3"
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def bare_read(path: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True)
    cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _remove_db(DB)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from duban.core.actors import SystemActor
    from duban.projects.models import Project
    from duban.transfer import services
    from tests.support.spreadsheets import setup_district, write_attachment1

    call_command("migrate", verbosity=0)
    setup_district()
    connection.close()
    _remove_db(TEMPLATE)
    shutil.copy(DB, TEMPLATE)

    ledger = BENCH_DIR / "ledger_10000.xlsx"
    written = write_attachment1(ledger, per_table=args.projects // 5)
    data = ledger.read_bytes()
    print(f"生成台账：{written} 个项目，{len(data) / 1048576:.1f} MB → {ledger}")

    reads = [bare_read(ledger) for _ in range(args.runs)]
    imports = []
    previews = []
    commits = []
    for run in range(args.runs):
        connection.close()
        _remove_db(DB)
        shutil.copy(TEMPLATE, DB)
        started = time.perf_counter()
        preview = services.preview_file(
            ledger.name, data, kind="ledger", actor=SystemActor("bench"), year=2021
        )
        previewed = time.perf_counter() - started
        if not preview.ok:
            raise SystemExit(f"预览有错误：{[str(i) for i in preview.issues[:5]]}")
        services.commit(preview, actor=SystemActor("bench"))
        total = time.perf_counter() - started
        imports.append(total)
        previews.append(previewed)
        commits.append(total - previewed)
        print(
            f"第 {run + 1} 次：预览 {previewed:.2f} 秒，预览+写入 {total:.2f} 秒，"
            f"项目 {Project.objects.count()} 个；openpyxl 只读 {reads[run]:.2f} 秒"
        )
    read_s = statistics.median(reads)
    import_s = statistics.median(imports)
    preview_s = statistics.median(previews)
    commit_s = statistics.median(commits)
    # Shared machines: the load says how far to trust the figures (1-minute load, CPU count).
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"中位数：预览 {preview_s:.2f} 秒，写入 {commit_s:.2f} 秒；"
        f"负载 {load:.2f}（{os.cpu_count()} 核）"
    )
    print(
        json.dumps(
            {
                "rows": written,
                "import_s": round(import_s, 3),
                "openpyxl_read_s": round(read_s, 3),
                "ratio": round(import_s / read_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
