"""Import speed: a 10,000-project ledger in the messy district layout, preview + commit,
measured against the fastest bare reader available for the file's format.

Generates the workbook (title rows, two-row merged header, 亿元 column, numbers as text,
小计/合计 rows, spacer rows; see tests.support.spreadsheets.py) as .xlsx, and with --format saves
it as LibreOffice does (.xls, .ods; needs `soffice`) or as Excel 2003 XML. Then times
  * the fastest bare reader for the format reading every cell, nothing else: calamine for
    .xlsx/.xls/.ods (the Rust reader duban itself uses; openpyxl's read-only mode is timed too
    for .xlsx, the reader duban used before), lxml's C iterparse for Excel 2003 XML;
  * duban's full import: file safety checks, the extent/formula scans, parsing, validation,
    preview, and the commit of every project, plan listing and audit row into a fresh SQLite
    database under var/bench/.
  * the commit's floor: the same rows the import wrote (projects, listings, node plans, audit
    rows, the batch), inserted into a fresh copy of the database by bare sqlite3 executemany
    calls with ready tuples in one transaction, nothing else (`commit_floor_s`);
    `floor_ratio` = (preview + that floor) / bare read is the best the whole import could do
    with this database and these rows.
Medians of --runs runs (CPU time too, the reading child's included: less sensitive to a busy
shared machine). The last line
printed is one JSON object:
  {"format": …, "rows": …, "import_s": …, "preview_s": …, "commit_s": …, "bare_read_s": …,
   "bare_reader": …, "ratio": …, "preview_ratio": …, "preview_cpu_s": …,
   "preview_cpu_ratio": … (preview CPU / bare read CPU), "commit_floor_s": …,
   "commit_floor_rows": …, "commit_vs_floor": …, "floor_ratio": …, "load_1m": …,
   "openpyxl_read_s": … (xlsx only)}

    python bench/excel_import.py [--projects 10000] [--runs 3] [--format xlsx|xls|ods|xml]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "bench.sqlite3"
TEMPLATE = BENCH_DIR / "template.sqlite3"
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def cpu_time() -> float:
    """CPU seconds of this process and its finished children (duban reads in a child)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), cpu_time()
    fn()
    return time.perf_counter() - wall, cpu_time() - cpu


def calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    with CalamineWorkbook.from_path(str(path)) as book:
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
    return cells


def openpyxl_read(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


def lxml_read(path: Path) -> int:
    from lxml import etree

    cells = 0
    for _event, element in etree.iterparse(str(path), tag=f"{SS}Row", resolve_entities=False):
        cells += sum(1 for data in element.iter(f"{SS}Data") if data.text is not None)
        element.clear()
    return cells


def _written_rows(
    db: Path, template: Path
) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """{table: (columns, rows)} of every row the import added to `db` (not in `template`)."""
    import sqlite3

    before = sqlite3.connect(template)
    after = sqlite3.connect(db)
    out = {}
    try:
        tables = [
            name
            for (name,) in after.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [row[1] for row in after.execute(f'PRAGMA table_info("{table}")')]
            if "id" not in columns:
                continue
            (last,) = before.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()  # noqa: S608
            query = f'SELECT * FROM "{table}" WHERE id > ? ORDER BY id'  # noqa: S608
            rows = after.execute(query, (last,)).fetchall()
            if rows:
                out[table] = (columns, rows)
    finally:
        before.close()
        after.close()
    return out


def _bare_insert(
    written: dict[str, tuple[list[str], list[tuple[object, ...]]]],
) -> tuple[float, float]:
    """(wall, CPU) seconds to insert `written` into a fresh copy of the template database."""
    import sqlite3

    floor_db = BENCH_DIR / "floor.sqlite3"
    _remove_db(floor_db)
    shutil.copy(TEMPLATE, floor_db)
    conn = sqlite3.connect(floor_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Parents first: the order the rows were written in (projects before their nodes).
    order = ["projects_project", "projects_planlisting", "projects_projectnode"]
    tables = [t for t in order if t in written] + [t for t in written if t not in order]
    wall, cpu = time.perf_counter(), cpu_time()
    conn.execute("BEGIN IMMEDIATE")
    for table in tables:
        columns, rows = written[table]
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608
    conn.execute("COMMIT")
    result = time.perf_counter() - wall, cpu_time() - cpu
    conn.close()
    _remove_db(floor_db)
    return result[0], result[1]


def save_as(source: Path, fmt: str) -> Path:
    """The ledger in another format: LibreOffice for .xls/.ods, our Excel 2003 XML writer."""
    if fmt == "xlsx":
        return source
    if fmt == "xml":
        from openpyxl import load_workbook

        from duban.transfer.tests.helpers import spreadsheetml

        target = source.with_suffix(".xml")
        target.write_bytes(spreadsheetml(load_workbook(source)))
        return target
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("需要 LibreOffice（soffice）来生成 .xls/.ods：scripts/system-deps.sh")
    profile = Path(tempfile.mkdtemp(prefix="duban-bench-lo-"))
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", fmt, "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(profile)},
    )  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)
    return source.with_suffix(f".{fmt}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=["xlsx", "xls", "ods", "xml"], default="xlsx")
    parser.add_argument(
        "--no-templates",
        action="store_true",
        help="a district without node templates: no node plans to write (the cost of the plans)",
    )
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _remove_db(DB)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from duban.core.actors import SystemActor
    from duban.projects.demo_nodes import ensure_templates
    from duban.projects.models import Project, ProjectNode
    from duban.transfer import services
    from tests.support.spreadsheets import setup_district, write_attachment1

    call_command("migrate", verbosity=0)
    # With the district's node templates: every listed project gets its node plan on import,
    # as a typed one does (one creation path), so the commit measured includes the plans.
    district = setup_district()
    if not args.no_templates:
        ensure_templates(district.objects["categories"])
    connection.close()
    _remove_db(TEMPLATE)
    shutil.copy(DB, TEMPLATE)

    source = BENCH_DIR / f"ledger_{args.projects}.xlsx"
    written = write_attachment1(source, per_table=args.projects // 5)
    ledger = save_as(source, args.format)
    data = ledger.read_bytes()
    print(f"生成台账：{written} 个项目，{len(data) / 1048576:.1f} MB → {ledger}")

    bare_name, bare = ("lxml", lxml_read) if args.format == "xml" else ("calamine", calamine_read)
    bare_runs = [timed(lambda: bare(ledger)) for _ in range(args.runs)]
    openpyxl_runs = (
        [timed(lambda: openpyxl_read(ledger)) for _ in range(args.runs)]
        if args.format == "xlsx"
        else []
    )
    imports, previews, commits, cpus, preview_cpus = [], [], [], [], []
    for run in range(args.runs):
        connection.close()
        _remove_db(DB)
        shutil.copy(TEMPLATE, DB)
        started, cpu = time.perf_counter(), cpu_time()
        preview = services.preview_file(
            ledger.name, data, kind="ledger", actor=SystemActor("bench"), year=2021
        )
        previewed = time.perf_counter() - started
        preview_cpus.append(cpu_time() - cpu)
        if not preview.ok:
            raise SystemExit(f"预览有错误：{[str(i) for i in preview.issues[:5]]}")
        services.commit(preview, actor=SystemActor("bench"))
        total = time.perf_counter() - started
        imports.append(total)
        previews.append(previewed)
        commits.append(total - previewed)
        cpus.append(cpu_time() - cpu)
        print(
            f"第 {run + 1} 次：预览 {previewed:.2f} 秒，预览+写入 {total:.2f} 秒，"
            f"项目 {Project.objects.count()} 个，节点 {ProjectNode.objects.count()} 个；"
            f"{bare_name} 只读 {bare_runs[run][0]:.2f} 秒"
        )
    # The commit's floor: the very rows this import wrote (projects, listings, node plans,
    # audit rows, the batch), inserted into a fresh copy of the same database by bare
    # executemany calls with ready tuples in one transaction, as duban's connection is set up
    # (WAL, synchronous=NORMAL, foreign keys on): what storing them costs with no Python work.
    written_rows = _written_rows(DB, TEMPLATE)
    floors = [_bare_insert(written_rows)[0] for _ in range(args.runs)]
    bare_s = statistics.median(w for w, _ in bare_runs)
    bare_cpu = statistics.median(c for _, c in bare_runs)
    import_s = statistics.median(imports)
    preview_s = statistics.median(previews)
    commit_s = statistics.median(commits)
    # Shared machines: the load says how far to trust the figures (1-minute load, CPU count).
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu_s = statistics.median(cpus)
    print(
        f"中位数：预览 {preview_s:.2f} 秒，写入 {commit_s:.2f} 秒，CPU {cpu_s:.2f} 秒"
        f"（{bare_name} CPU {bare_cpu:.2f} 秒）；负载 {load:.2f}（{os.cpu_count()} 核）"
    )
    figures: dict[str, object] = {
        "format": args.format,
        "rows": written,
        "nodes": ProjectNode.objects.count(),
        "import_s": round(import_s, 3),
        "preview_s": round(preview_s, 3),
        "commit_s": round(commit_s, 3),
        "import_cpu_s": round(cpu_s, 3),
        "bare_reader": bare_name,
        "bare_read_s": round(bare_s, 3),
        "bare_read_cpu_s": round(bare_cpu, 3),
        "ratio": round(import_s / bare_s, 2),
        "preview_ratio": round(preview_s / bare_s, 2),
        "preview_cpu_s": round(statistics.median(preview_cpus), 3),
        "preview_cpu_ratio": round(statistics.median(preview_cpus) / bare_cpu, 2),
        "commit_floor_s": round(statistics.median(floors), 3),
        "commit_floor_rows": sum(len(rows) for _cols, rows in written_rows.values()),
        "commit_vs_floor": round(commit_s / statistics.median(floors), 2),
        "floor_ratio": round((preview_s + statistics.median(floors)) / bare_s, 2),
        "load_1m": round(load, 2),
    }
    if openpyxl_runs:
        figures["openpyxl_read_s"] = round(statistics.median(w for w, _ in openpyxl_runs), 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
