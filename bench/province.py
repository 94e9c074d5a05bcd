"""The province-scale data set the benchmarks share: 2,000 units, 100,000 projects (each listed
as continuing with a planned investment), five district targets decomposed to every unit, and
12 months of approved reports (1.2 million rows), bulk-inserted with executemany into a
throw-away SQLite database. Used by bench/assessment.py and bench/lights.py.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from pathlib import Path


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
            "INSERT INTO projects_category (created_at, updated_at, version, code, name,"
            " sort_order) VALUES (%s,%s,1,%s,%s,%s)",
            [(now, now, "industry", "工业", 1), (now, now, "services", "服务业", 2)],
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
            " kind, planned_investment_wan, listed_on)"
            " VALUES (%s,%s,1,%s,%s,'continuing',%s,%s)",
            [
                (now, now, pid, year, str(rng.randint(2000, 20000)), f"{year}-01-01")
                for pid in project_ids
            ],
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


def peak_mb() -> float:
    """Peak resident memory of this process so far."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def drop(db_path: Path) -> None:
    """Remove a throw-away database with its WAL files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
