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
import random
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS = [
    ("new_start_rate", 25),
    ("completion_rate", 20),
    ("investment_rate", 30),
    ("service_start_completion", 15),
    ("report_timeliness", 10),
]


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def generate(units: int, projects: int, months: int, year: int, seed: int) -> dict[str, float]:
    """Bulk-insert the data set with executemany; returns timings."""
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
        # Projects: ~45% start this year, ~30% complete; a third are services.
        start_month: dict[int, int] = {}
        rows = []
        unit_of = []
        for i in range(projects):
            unit_id = unit_ids[i % len(unit_ids)]
            cat = cats["services"] if i % 3 == 0 else cats["industry"]
            started = completed = None
            r = rng.random()
            if r < 0.45:
                m = rng.randint(1, 12)
                started = dt.date(year, m, rng.randint(1, 28)).isoformat()
                start_month[i] = m
            elif r < 0.75:
                started = dt.date(year - 1, rng.randint(1, 12), 1).isoformat()
                completed = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            rows.append(
                (now, now, f"B{i:07d}", f"项目{i}", cat, "tertiary", str(rng.randint(10000, 90000)),
                 unit_id, "building", started, completed)
            )  # fmt: skip
            unit_of.append(unit_id)
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
        # District targets and one part per unit for each.
        parents = {}
        for key, metric, cat in (
            ("ns", "new_starts", None),
            ("cp", "completions", None),
            ("inv", "investment", None),
            ("sns", "new_starts", cats["services"]),
            ("scp", "completions", cats["services"]),
        ):
            cur.execute(
                "INSERT INTO targets_target (created_at, updated_at, version, year, metric_id,"
                " category_id, strategic_only, foreign_only, value, comparator, title,"
                " source_text) VALUES (%s,%s,1,%s,%s,%s,0,0,%s,'>=','','')",
                (now, now, year, metrics[metric], cat, "1"),
            )
            parents[key] = (cur.lastrowid, metrics[metric], cat)
        per_unit = max(projects // max(units, 1), 1)
        target_rows = []
        for uid in unit_ids:
            for key, (pid, metric, cat) in parents.items():
                base = {"ns": 0.5, "cp": 0.35, "inv": 4000, "sns": 0.15, "scp": 0.12}[key]
                value = max(round(per_unit * base * rng.uniform(0.7, 1.3), 0), 1)
                target_rows.append(
                    (now, now, year, metric, uid, pid, cat, str(value))
                )  # fmt: skip
        cur.executemany(
            "INSERT INTO targets_target (created_at, updated_at, version, year, metric_id,"
            " unit_id, parent_id, category_id, strategic_only, foreign_only, value, comparator,"
            " title, source_text) VALUES (%s,%s,1,%s,%s,%s,%s,%s,0,0,%s,'>=','','')",
            target_rows,
        )
    t_base = time.perf_counter() - t0
    t1 = time.perf_counter()
    sql = (
        "INSERT INTO reports_monthlyreport (created_at, updated_at, version, project_id, year,"
        " month, status, investment_wan, progress_text, problems_text, confidence,"
        " confidence_reason, submitted_at, first_submitted_at, return_reason, revision) VALUES"
        " (%s,%s,1,%s,%s,%s,'approved',%s,'','','','',%s,%s,'',1)"
    )
    with transaction.atomic(), connection.cursor() as cur:
        batch = []
        for pid in project_ids:
            for m in range(1, months + 1):
                following = dt.date(year + (m == 12), m % 12 + 1, 1)
                day = rng.randint(1, 5) if rng.random() < 0.9 else rng.randint(6, 15)
                submitted = f"{following.isoformat()[:8]}{day:02d} 02:00:00"
                batch.append(
                    (now, now, pid, year, m, str(rng.randint(0, 900)), submitted, submitted)
                )
                if len(batch) >= 50000:
                    cur.executemany(sql, batch)
                    batch.clear()
        if batch:
            cur.executemany(sql, batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"generate_base_s": t_base, "generate_reports_s": time.perf_counter() - t1}


def create_methods(year: int) -> None:
    from duban.assessment.services import create_method_version

    for group in ("street", "park", "department"):
        create_method_version(
            actor=None,
            year=year,
            group=group,
            name=f"基准测试办法（{group}）",
            items=[{"kind": k, "weight": Decimal(w), "capped": True} for k, w in ITEMS],
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
    for kind, weight in ITEMS:
        num, den = frames[kind]
        num = num.reindex(units.id, fill_value=0).astype(float)
        den = den.reindex(units.id, fill_value=0).astype(float)
        rate = (num / den.replace(0, np.nan)).round(4).clip(upper=1)
        points = (rate * weight).round(2).fillna(weight)
        total = total.add(points, fill_value=0)
    units["total"] = total.round(2).values
    units["rank"] = units.groupby("kind").total.rank(method="min", ascending=False)
    elapsed = time.perf_counter() - t
    return elapsed, dict(zip(units.id, units.total, strict=True))


def screen(month: object, requests: int) -> tuple[list[float], float]:
    from django.core.cache import cache
    from django.test import Client

    from duban.accounts.models import User
    from duban.accounts.roles import Role

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
            compute_month(month, actor=None)
            recomputes.append(time.perf_counter() - t)
        scan_s = statistics.median(scans)
        recompute_s = statistics.median(recomputes)
        print(f"scans {scans} recomputes {recomputes}", file=sys.stderr)
        t = time.perf_counter()
        again = compute_month(month, actor=None)
        recompute_again_s = time.perf_counter() - t
        assert all(outcome == "unchanged" for _run, outcome in again)
        pandas_s, pandas_totals = pandas_baseline(year, args.months)
        db_totals = dict(UnitScore.objects.values_list("unit_id", "total"))
        mismatches = sum(
            1 for uid, total in db_totals.items() if abs(float(total) - pandas_totals[uid]) > 0.011
        )
        publish_month(month, actor=None)
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
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "runs": args.runs,
            "load_1m": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
