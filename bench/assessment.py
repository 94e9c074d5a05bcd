"""Benchmark: monthly scoring at province scale, against a bare SQL scan and a pandas baseline.

    .venv/bin/python bench/assessment.py     # 2,000 units, 100,000 projects, 12 months
    .venv/bin/python bench/assessment.py --units 200 --projects 5000 --months 3   # quick

Builds a throw-away SQLite database under var/bench/ with bulk inserts (1.2 million report rows
at full scale), then measures:

* recompute_s  — `compute_month` for the last month, every group, writes included (median);
* scan_s       — one bare SQL aggregate over the same report rows, the floor (median);
* pandas_s     — reading the same rows into pandas and computing the same scores (load included);
* screen_*_ms  — the big-screen data endpoint over N requests (published data, cached);
* peak_mb      — peak resident memory of this process.

The last line printed is one JSON object with those keys (other checks parse it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from province import drop, generate, peak_mb, setup_django  # noqa: E402  (bench/ is the script's folder)

ITEMS = [
    ("new_start_rate", 25),
    ("completion_rate", 20),
    ("investment_rate", 30),
    ("service_start_completion", 15),
    ("report_timeliness", 10),
]
# The richer method (issue 16): the services item is scored by steps, a unit without a task
# for an item has it rescaled away (the default), and a bonus and a veto item run too.
STEPS = [["1", "1"], ["0.8", "0.5"]]
STEPPED = "service_start_completion"


def create_methods(year: int) -> None:
    from duban.assessment.services import create_method_version
    from duban.core.actors import SystemActor

    for group in ("street", "park", "department"):
        create_method_version(
            actor=SystemActor("bench"),
            year=year,
            group=group,
            name=f"基准测试办法（{group}）",
            items=[
                {"kind": k, "weight": Decimal(w), "capped": True}
                | ({"form": "steps", "params": {"steps": STEPS}} if k == STEPPED else {})
                for k, w in ITEMS
            ]
            + [
                {"kind": "adjustments", "weight": Decimal(10)},
                {"kind": "veto", "weight": Decimal(0), "params": {"mode": "zero"}},
            ],
            statement_item="service_start_completion",
        )


def scan(year: int, month: int) -> float:
    """The floor: one bare aggregate over the same report rows."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.unit_id, SUM(r.investment_wan) FROM reports_monthlyreport r"
            " JOIN projects_project p ON p.id = r.project_id"
            " WHERE r.year = %s AND r.month <= %s AND r.status = 'approved'"
            " GROUP BY p.unit_id",
            [year, month],
        )
        cur.fetchall()
    return time.perf_counter() - t


def pandas_baseline(year: int, month: int) -> tuple[float, dict[int, float]]:
    """Read the same rows into pandas and compute the same scores, load included."""
    import numpy as np
    import pandas as pd
    from django.db import connection

    from duban.core.asof import Month

    t = time.perf_counter()
    con = connection.connection
    reports = pd.read_sql_query(
        "SELECT project_id, month, status, investment_wan, submitted_at"
        " FROM reports_monthlyreport WHERE year = ? AND month <= ?",
        con,
        params=(year, month),
    )
    projects = pd.read_sql_query(
        "SELECT p.id, p.unit_id, c.code AS category, p.started_on, p.completed_on"
        " FROM projects_project p JOIN projects_category c ON c.id = p.category_id",
        con,
    )
    targets = pd.read_sql_query(
        "SELECT t.unit_id, m.kind, c.code AS category, t.value FROM targets_target t"
        " JOIN targets_metric m ON m.id = t.metric_id"
        " LEFT JOIN projects_category c ON c.id = t.category_id"
        " WHERE t.year = ? AND t.parent_id IS NOT NULL",
        con,
        params=(year,),
    )
    units = pd.read_sql_query("SELECT id, kind, sort_order, code FROM orgs_unit", con)
    end = Month(year, month).last_day.isoformat()
    start = f"{year}-01-01"
    share = month / 12
    targets["task"] = (targets["value"] * share).round(2)
    frames = {}
    started = pd.to_datetime(projects["started_on"])
    completed = pd.to_datetime(projects["completed_on"])
    projects["ns"] = started.between(pd.Timestamp(start), pd.Timestamp(end))
    projects["cp"] = completed.between(pd.Timestamp(start), pd.Timestamp(end))
    overall = targets[targets.category.isna()]
    frames["new_start_rate"] = (
        projects[projects.ns].groupby("unit_id").size(),
        overall[overall.kind == "new_starts"].groupby("unit_id").task.sum(),
    )
    frames["completion_rate"] = (
        projects[projects.cp].groupby("unit_id").size(),
        overall[overall.kind == "completions"].groupby("unit_id").task.sum(),
    )
    services = projects[projects.category == "services"]
    frames["service_start_completion"] = (
        services[services.ns].groupby("unit_id").size().add(
            services[services.cp].groupby("unit_id").size(), fill_value=0
        ),
        targets[targets.category == "services"].groupby("unit_id").task.sum(),
    )  # fmt: skip
    merged = reports.merge(projects[["id", "unit_id"]], left_on="project_id", right_on="id")
    frames["investment_rate"] = (
        merged[merged.status == "approved"].groupby("unit_id").investment_wan.sum(),
        targets[targets.kind == "investment_completed"].groupby("unit_id").task.sum(),
    )
    due = dt.date(year + (month == 12), month % 12 + 1, 5) + dt.timedelta(days=1)
    # The due day ends at midnight Asia/Shanghai; stored times are UTC.
    deadline = pd.Timestamp(dt.datetime.combine(due, dt.time()) - dt.timedelta(hours=8))
    this = merged[merged.month == month]
    submitted = pd.to_datetime(this.submitted_at, utc=True).dt.tz_localize(None)
    frames["report_timeliness"] = (
        this[submitted < deadline].groupby("unit_id").size(),
        this.groupby("unit_id").size().astype(float),
    )
    total = pd.Series(0.0, index=units.id)
    rates = {}
    for kind, _weight in ITEMS:
        num, den = frames[kind]
        num = num.reindex(units.id, fill_value=0).astype(float)
        den = den.reindex(units.id, fill_value=0).astype(float)
        rates[kind] = (num / den.replace(0, np.nan)).round(4)
    # Not applicable (no task): the item drops out and the applicable weights are rescaled to
    # 100 (4 decimals, the last applicable item takes the remainder); nothing applies → 0.
    applicable = {k: rates[k].notna() for k, _w in ITEMS}
    base = sum(applicable[k].astype(float) * w for k, w in ITEMS)
    later = pd.Series(False, index=units.id)
    last = {}
    for kind, _weight in reversed(ITEMS):
        last[kind] = applicable[kind] & ~later
        later = later | applicable[kind]
    running = pd.Series(0.0, index=units.id)
    for kind, weight in ITEMS:
        share = (weight * 100 / base.replace(0, np.nan)).round(4)
        eff = share.where(~last[kind], 100 - running).where(applicable[kind], 0.0).fillna(0.0)
        running = running + eff.where(~last[kind], 0.0)
        rate = rates[kind]
        if kind == STEPPED:
            used = np.where(rate >= 1, 1.0, np.where(rate >= 0.8, 0.5, 0.0))
            points = (eff * pd.Series(used, index=units.id)).round(2)
        else:
            points = (eff * rate.clip(upper=1)).round(2)
        total = total.add(points.where(applicable[kind], 0.0).fillna(0.0), fill_value=0)
    units["total"] = total.round(2).values
    units["rank"] = units.groupby("kind").total.rank(method="min", ascending=False)
    elapsed = time.perf_counter() - t
    return elapsed, dict(zip(units.id, units.total, strict=True))


def screen(month: object, requests: int) -> tuple[list[float], float]:
    from django.core.cache import cache
    from django.test import Client

    from duban.accounts.models import User
    from duban.core.roles import Role

    user = User.objects.create(
        username="bench-fgj", role=Role.SUPERVISOR, must_change_password=False
    )
    cache.clear()  # publishing warms the cache; measure one cold request honestly first
    client = Client()
    client.force_login(user)
    t = time.perf_counter()
    first = client.get("/screen/data/", {"as_of": str(month)})
    first_ms = (time.perf_counter() - t) * 1000
    assert first.status_code == 200, first.status_code
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        response = client.get("/screen/data/", {"as_of": str(month)})
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    return times, first_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=100000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="recompute and scan runs (median)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    year = 2021
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_path = bench_dir / f"assessment-{os.getpid()}.sqlite3"
    setup_django(db_path)
    try:
        timings = generate(args.units, args.projects, args.months, year, args.seed)
        print(f"generated in {timings}", file=sys.stderr)
        from duban.assessment.models import ScoreRun, UnitScore
        from duban.assessment.services import compute_month, publish_month
        from duban.core.actors import SystemActor
        from duban.core.asof import Month

        create_methods(year)
        month = Month(year, args.months)
        # Median of 3 each, interleaved so a change in machine load hits both alike; every
        # recompute starts from an empty month (all rows written).
        scans, recomputes = [], []
        for _ in range(args.runs):
            scans.append(scan(year, args.months))
            ScoreRun.objects.filter(year=year, month=args.months).delete()
            t = time.perf_counter()
            compute_month(month, actor=SystemActor("bench"))
            recomputes.append(time.perf_counter() - t)
        scan_s = statistics.median(scans)
        recompute_s = statistics.median(recomputes)
        print(f"scans {scans} recomputes {recomputes}", file=sys.stderr)
        t = time.perf_counter()
        again = compute_month(month, actor=SystemActor("bench"))
        recompute_again_s = time.perf_counter() - t
        assert all(outcome == "unchanged" for _run, outcome in again)
        pandas_s, pandas_totals = pandas_baseline(year, args.months)
        db_totals = dict(UnitScore.objects.values_list("unit_id", "total"))
        mismatches = sum(
            1 for uid, total in db_totals.items() if abs(float(total) - pandas_totals[uid]) > 0.011
        )
        publish_month(month, actor=SystemActor("bench"))
        times, first_ms = screen(month, args.requests)
        times.sort()
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        result = {
            "units": args.units,
            "projects": args.projects,
            "report_rows": args.projects * args.months,
            "recompute_s": round(recompute_s, 3),
            "recompute_unchanged_s": round(recompute_again_s, 3),
            "scan_s": round(scan_s, 3),
            "pandas_s": round(pandas_s, 3),
            "pandas_mismatches": mismatches,
            "ratio_vs_scan": round(recompute_s / scan_s, 2) if scan_s else None,
            "ratio_db_vs_pandas": round(recompute_s / pandas_s, 2) if pandas_s else None,
            "screen_cold_ms": round(first_ms, 1),
            "screen_p50_ms": round(statistics.median(times), 2),
            "screen_p95_ms": round(p95, 2),
            "peak_mb": peak_mb(),
            "runs": args.runs,
            "load_1m": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            drop(db_path)


if __name__ == "__main__":
    main()
