"""Benchmark: the warning lights (`supervision.queries.compute_lights`) at province scale.

    .venv/bin/python bench/lights.py     # 2,000 units, 100,000 projects, 12 months
    .venv/bin/python bench/lights.py --units 200 --projects 5000 --months 3   # quick
    .venv/bin/python bench/lights.py --db var/bench/assessment-NNN.sqlite3   # a kept database

Builds the province data set of bench/province.py (the one bench/assessment.py scores) in a
throw-away SQLite database under var/bench/, or copies `--db PATH` there (SQLite in WAL mode
writes to the file it opens, so the given database is never opened itself). Then measures:

* lights_s  — `compute_lights` for the last month, all units: median of `--runs` calls;
* red_s     — the big screen's red-project slide (`red_projects`, the worst 12) for that month;
* peak_mb   — peak resident memory of this process.

The last line printed is one JSON object with those keys (other checks parse it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from province import drop, generate, peak_mb, setup_django  # noqa: E402  (bench/ is the script's folder)


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
            print(f"generated in {took}", file=sys.stderr)
        from django.core.cache import cache

        from duban.core.asof import Month
        from duban.supervision.queries import compute_lights, red_projects

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
        result = {
            "projects": colours["project_red"]
            + colours["project_yellow"]
            + colours["project_green"],
            "targets": colours["target_red"] + colours["target_yellow"] + colours["target_green"],
            "lights": len(lights),
            "colours": dict(sorted(colours.items())),
            "lights_s": round(statistics.median(times), 3),
            "runs": [round(x, 3) for x in times],
            "red_projects": colours["project_red"],
            "red_shown": len(shown),
            "red_s": round(red_s, 3),
            "peak_mb": peak_mb(),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            drop(db_path)


if __name__ == "__main__":
    main()
