"""Benchmark: the warning lights (`supervision.queries.compute_lights`) at province scale.

    .venv/bin/python bench/lights.py     # 2,000 units, 100,000 projects, 12 months
    .venv/bin/python bench/lights.py --units 200 --projects 5000 --months 3   # quick
    .venv/bin/python bench/lights.py --db /work/data/province.sqlite3   # an existing database

Builds a throw-away SQLite database under var/bench/ with bulk inserts (every project listed
as continuing with a planned investment, one approved report per project and month, five unit
targets per unit), or copies `--db PATH` there (SQLite in WAL mode writes to the file it
opens, so the given database is never opened itself). Then measures:

* lights_s  — `compute_lights` for the last month, all units: median of `--runs` calls;
* red_s     — the big screen's red-project slide (`red_projects`, the worst 12) for that month;
* peak_mb   — peak resident memory of this process.

The last line printed is one JSON object with those keys (other checks parse it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def generate(units: int, projects: int, months: int, year: int, seed: int) -> float:
    """Bulk-insert the data set with executemany; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection, transaction

    rng = random.Random(seed)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    now = "2021-01-01 00:00:00"
    with transaction.atomic(), connection.cursor() as cur:
        kinds = ["street"] * 6 + ["park"] + ["department"] * 3
        cur.executemany(
            "INSERT INTO orgs_unit (created_at, updated_at, version, code, name, short_name, kind,"
            " sort_order, is_active) VALUES (%s,%s,1,%s,%s,%s,%s,%s,1)",
            [
                (now, now, f"u{i:05d}", f"单位{i:05d}", f"单位{i}", kinds[i % 10], i)
                for i in range(1, units + 1)
            ],
        )
        cur.execute("SELECT id FROM orgs_unit ORDER BY id")
        unit_ids = [r[0] for r in cur.fetchall()]
        cur.executemany(
            "INSERT INTO projects_category (code, name, sort_order) VALUES (%s,%s,%s)",
            [("industry", "工业", 1), ("services", "服务业", 2)],
        )
        cur.execute("SELECT code, id FROM projects_category")
        cats = dict(cur.fetchall())
        metrics = {}
        for code, name, unit, kind in (
            ("new_starts", "新开工项目数", "个", "new_starts"),
            ("completions", "建成投产项目数", "个", "completions"),
            ("investment", "年度完成投资", "万元", "investment_completed"),
        ):
            cur.execute(
                "INSERT INTO targets_metric (created_at, updated_at, version, code, name, unit,"
                " kind, description, sort_order) VALUES (%s,%s,1,%s,%s,%s,%s,'',0)",
                (now, now, code, name, unit, kind),
            )
            metrics[code] = cur.lastrowid
        rows = []
        for i in range(projects):
            started = completed = None
            r = rng.random()
            if r < 0.45:
                started = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            elif r < 0.75:
                started = f"{year - 1}-{rng.randint(1, 12):02d}-01"
                completed = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rows.append(
                (now, now, f"B{i:07d}", f"项目{i}",
                 cats["services"] if i % 3 == 0 else cats["industry"], "tertiary",
                 str(rng.randint(10000, 90000)), unit_ids[i % len(unit_ids)], "building",
                 started, completed)
            )  # fmt: skip
        cur.executemany(
            "INSERT INTO projects_project (created_at, updated_at, version, code, name,"
            " category_id, industry, strategic_emerging, foreign_funded, total_investment_wan,"
            " unit_id, location, stage, started_on, completed_on, stats_status, description)"
            " VALUES (%s,%s,1,%s,%s,%s,%s,0,0,%s,%s,'',%s,%s,%s,'none','')",
            rows,
        )
        cur.execute("SELECT id FROM projects_project ORDER BY id")
        project_ids = [r[0] for r in cur.fetchall()]
        cur.executemany(
            "INSERT INTO projects_planlisting (created_at, updated_at, version, project_id, year,"
            " kind, planned_investment_wan) VALUES (%s,%s,1,%s,%s,'continuing',%s)",
            [(now, now, pid, year, str(rng.randint(2000, 20000))) for pid in project_ids],
        )
        per_unit = max(projects // max(units, 1), 1)
        target_rows = []
        for uid in unit_ids:
            for metric, cat, base in (
                ("new_starts", None, 0.5),
                ("completions", None, 0.35),
                ("investment", None, 4000),
                ("new_starts", cats["services"], 0.15),
                ("completions", cats["services"], 0.12),
            ):
                value = max(round(per_unit * base * rng.uniform(0.7, 1.3), 0), 1)
                target_rows.append((now, now, year, metrics[metric], uid, cat, str(value)))
        cur.executemany(
            "INSERT INTO targets_target (created_at, updated_at, version, year, metric_id,"
            " unit_id, category_id, strategic_only, foreign_only, value, comparator, title,"
            " source_text) VALUES (%s,%s,1,%s,%s,%s,%s,0,0,%s,'>=','','')",
            target_rows,
        )
        sql = (
            "INSERT INTO reports_monthlyreport (created_at, updated_at, version, project_id,"
            " year, month, status, investment_wan, progress_text, problems_text, confidence,"
            " confidence_reason, return_reason, revision) VALUES"
            " (%s,%s,1,%s,%s,%s,'approved',%s,'','','','','',1)"
        )
        batch = []
        for pid in project_ids:
            for m in range(1, months + 1):
                batch.append((now, now, pid, year, m, str(rng.randint(0, 900))))
                if len(batch) >= 50000:
                    cur.executemany(sql, batch)
                    batch.clear()
        if batch:
            cur.executemany(sql, batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="measure a copy of this database instead")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_path = bench_dir / f"lights-{os.getpid()}.sqlite3"
    if args.db:
        shutil.copyfile(args.db, db_path)
    setup_django(db_path)
    try:
        if not args.db:
            took = generate(args.units, args.projects, args.months, args.year, args.seed)
            print(f"generated in {took:.1f} s", file=sys.stderr)
        from django.core.cache import cache

        from duban.core.asof import Month
        from duban.screen.queries import red_project_count, red_projects
        from duban.supervision.queries import compute_lights

        month = Month(args.year, args.months)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            lights = compute_lights(month)
            times.append(time.perf_counter() - t)
            print(f"compute_lights: {times[-1]:.3f} s", file=sys.stderr)
        colours = Counter(f"{light.kind}_{light.colour}" for light in lights)
        cache.clear()
        t = time.perf_counter()
        shown = red_projects(month)  # the screen's slide: the worst 12
        red_s = time.perf_counter() - t
        red_count = red_project_count(month)
        result = {
            "projects": colours["project_red"]
            + colours["project_yellow"]
            + colours["project_green"],
            "targets": colours["target_red"] + colours["target_yellow"] + colours["target_green"],
            "lights": len(lights),
            "colours": dict(sorted(colours.items())),
            "lights_s": round(statistics.median(times), 3),
            "runs": [round(x, 3) for x in times],
            "red_projects": red_count,
            "red_shown": len(shown),
            "red_s": round(red_s, 3),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
