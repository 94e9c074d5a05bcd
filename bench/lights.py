"""Benchmark: the warning lights at province scale, against a bare scan, and the board page.

    .venv/bin/python bench/lights.py     # 2,000 units, 100,000 projects, 12 months
    .venv/bin/python bench/lights.py --units 200 --projects 5000 --months 3   # quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/lights.py
    .venv/bin/python bench/lights.py --db var/bench/assessment-NNN.sqlite3   # a kept database
    .venv/bin/python bench/lights.py --db postgres://postgres@127.0.0.1:5432/duban_bench_lights_NNN

Builds the province data set of bench/province.py (the one bench/assessment.py scores) in a
throw-away database: on the PostgreSQL server DATABASE_URL names (a database of its own,
created, filled and dropped), else SQLite under var/bench/ (or a copy of `--db PATH`: SQLite
in WAL mode writes to the file it opens, so the given database is never opened itself; a
kept PostgreSQL database, named by its URL, is measured in place, migrated first, and kept).
Then measures:

* compute_s      — `compute_lights` for the last month, all units: median of `--runs` calls;
* scan_s         — one bare aggregate scan of the same report rows (median), the floor;
* ratio_vs_scan  — compute_s / scan_s;
* store_s        — storing that month's lights (`compute_snapshots`, what the background job
                   and the refresh after a change do);
* tidy_s         — the vacuum and analysis the daily job runs after storing (PostgreSQL);
* refresh_s      — the refresh after one report of one unit changes (`refresh_snapshots` for
                   that unit and the stored month): it recomputes and rewrites that unit's
                   lights only (refreshed_rows says how many rows it wrote);
* board_p50_ms / board_p95_ms — the warning board page (district view, as 发改局) over
                   `--requests` requests, served from the stored lights;
* red_s          — the big screen's red-project slide (`red_projects`) from stored lights;
* peak_mb        — peak resident memory of this process.

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

from province import (  # noqa: E402  (bench/ is the script's folder)
    generate,
    is_postgresql,
    peak_mb,
    setup_django,
    throwaway_database,
)


def scan(year: int, month: int) -> float:
    """The floor: one bare aggregate over the report rows the lights read."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT r.project_id, p.unit_id, SUM(r.investment_wan) FROM reports_monthlyreport r"
            " JOIN projects_project p ON p.id = r.project_id"
            " WHERE r.year = %s AND r.month <= %s AND r.status IN ('submitted', 'approved')"
            " GROUP BY r.project_id, p.unit_id",
            [year, month],
        )
        cur.fetchall()
    return time.perf_counter() - t


def board(month: object, requests: int) -> list[float]:
    """The warning board as 发改局 sees it (every unit), in milliseconds per request: the
    first (cold) request, then `requests` more."""
    from django.test import Client

    from duban.accounts.models import User
    from duban.core.roles import Role

    user, _ = User.objects.get_or_create(  # a kept database already has it
        username="bench-board",
        defaults={"role": Role.SUPERVISOR, "must_change_password": False},
    )
    client = Client()
    client.force_login(user)
    t = time.perf_counter()
    assert client.get("/supervision/", {"as_of": str(month)}).status_code == 200
    times = [(time.perf_counter() - t) * 1000]  # the first request loads templates: apart
    for _ in range(requests):
        t = time.perf_counter()
        response = client.get("/supervision/", {"as_of": str(month)})
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20, help="board requests measured")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db",
        help="measure a copy of this SQLite database, or this kept PostgreSQL database (a URL)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    name = f"duban_bench_lights_{os.getpid()}"
    if args.db and is_postgresql(args.db):  # a kept PostgreSQL database: measured in place
        url, database, drop = args.db, "postgresql", lambda: None
    else:
        if args.db:
            os.environ.pop("DATABASE_URL", None)  # a kept SQLite file: a copy is measured
        url, database, drop = throwaway_database(name, bench_dir)
        if args.db:
            shutil.copyfile(args.db, bench_dir / f"{name}.sqlite3")
    setup_django(url)
    try:
        if not args.db:
            took = generate(args.units, args.projects, args.months, args.year, args.seed)
            print(f"generated on {database} in {took}", file=sys.stderr)
        else:  # a kept database may predate the latest migrations
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        from django.core.cache import cache

        from duban.core.actors import SystemActor
        from duban.core.asof import Month
        from duban.supervision.models import LightSnapshot
        from duban.supervision.queries import compute_lights, red_projects
        from duban.supervision.services import compute_snapshots, refresh_snapshots, tidy_snapshots

        month = Month(args.year, args.months)
        times, scans = [], []
        for _ in range(args.runs):
            scans.append(scan(args.year, args.months))
            t = time.perf_counter()
            lights = compute_lights(month)
            times.append(time.perf_counter() - t)
            print(f"compute_lights: {times[-1]:.3f} s, scan {scans[-1]:.3f} s", file=sys.stderr)
        colours = Counter(f"{light.kind}_{light.colour}" for light in lights)
        t = time.perf_counter()
        compute_snapshots(month, actor=SystemActor("bench"))
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        tidy_snapshots()  # as `duban compute-lights` does after storing (PostgreSQL only)
        tidy_s = time.perf_counter() - t
        # One report of one unit changed: what `supervision.signals.flush` then runs.
        unit_id = lights[len(lights) // 2].unit_id
        mine = LightSnapshot.objects.filter(year=args.year, month=args.months, unit_id=unit_id)
        others = LightSnapshot.objects.filter(year=args.year, month=args.months).exclude(
            unit_id=unit_id
        )
        untouched = others.order_by().values_list("pk", "payload")
        before = list(untouched)
        actor = SystemActor("bench")
        t = time.perf_counter()
        refresh_snapshots(args.year, args.months, [unit_id], actor=actor)
        refresh_s = time.perf_counter() - t
        assert list(untouched) == before, "a refresh touched another unit's lights"
        refreshed_rows = mine.count()
        cache.clear()
        t = time.perf_counter()
        shown = red_projects(month)  # the screen's slide: the worst 12, from stored lights
        red_s = time.perf_counter() - t
        board_cold_ms, *board_ms = board(month, args.requests)
        compute_s = statistics.median(times)
        scan_s = statistics.median(scans)
        result = {
            "database": database,
            "projects": colours["project_red"]
            + colours["project_yellow"]
            + colours["project_green"],
            "targets": colours["target_red"] + colours["target_yellow"] + colours["target_green"],
            "colours": dict(sorted(colours.items())),
            "runs": [round(x, 3) for x in times],
            "store_s": round(store_s, 3),
            "tidy_s": round(tidy_s, 3),
            "refresh_s": round(refresh_s, 3),
            "refreshed_rows": refreshed_rows,
            "red_projects": colours["project_red"],
            "red_shown": len(shown),
            "red_s": round(red_s, 3),
            "board_cold_ms": round(board_cold_ms, 1),
            "board_p50_ms": round(statistics.median(board_ms), 1),
            "peak_mb": peak_mb(),
            "lights_s": round(compute_s, 3),  # the name earlier runs printed
            "lights": len(lights),
            "compute_s": round(compute_s, 3),
            "scan_s": round(scan_s, 3),
            "ratio_vs_scan": round(compute_s / scan_s, 2) if scan_s else None,
            "board_p95_ms": round(p95(board_ms), 1),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            drop()


if __name__ == "__main__":
    main()
