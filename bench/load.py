"""Load bench (issue 22, SECURITY.md figures): concurrent officials on the production set-up.

Builds a throw-away production instance (DUBAN_ENV=production; its own database, created,
filled with the demo and dropped: on the PostgreSQL server DATABASE_URL names, else SQLite; the
Redis cache at REDIS_URL, default redis://127.0.0.1:6379/9; uploads on one shared directory),
serves it with gunicorn on 127.0.0.1 — `--app-servers 2` starts two gunicorns behind nginx
(Debian's package; the bench writes its own nginx.conf in a temporary directory and runs it in
the foreground on a loopback port) — then:

1. mixed: N simulated officials (threads), each signs in once, then browses (home, ledger with
   filters, a project, targets, the unit page, the warning board, rankings) and saves (a month's
   reports through the unit grid, a project through its edit form, each with its version), about
   1 s think time between requests. Officials arrive over `--ramp` seconds (default 20, evenly
   spread), as load tests of interactive systems usually model a morning's arrivals, not all
   in the same second: every sign-in costs a deliberately slow password hash (Argon2id,
   about 60 ms of one core here; it was PBKDF2 at about 1 s before), which a real morning
   spreads out.
   Every request of every user counts, from the first after its sign-in to the end, including
   those made while others are still signing in (`p50_ms`/`p95_ms`/`p99_ms`); the same figures
   for the requests started after the last arrival are printed beside them (`steady_*`);
2. burst: every demo unit's reporter signs in and saves its projects within a window (the
   month-end rush; 10 minutes scaled by --burst-scale; 0 skips it);
3. capacity: `--clients` signed-in clients request the ledger back to back for
   `--capacity-seconds`, then a bare Django view (/health) the same way: requests per second of
   each on the same servers in the same run (the bare view is the floor).

Traffic goes to 127.0.0.1 only, every loop is bounded in count and time, every server started is
stopped and the database dropped at the end. The last line printed is one JSON object with
`users`, `p50_ms`, `p95_ms`, `p99_ms` (mixed phase, after signing in: the one-off sign-in with
its deliberate PBKDF2 hash is `signin_p95_ms`), `errors` (all phases), `lost_updates`,
`ledger_rps`, `bare_rps`, `database`, `app_servers` (other checks parse it).

    .venv/bin/python bench/load.py                # 50 users arriving over 20 s, then 60 s
    .venv/bin/python bench/load.py --users 10 --duration 15 --burst-scale 0.02
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/duban_perf \
        .venv/bin/python bench/load.py --app-servers 2
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province import throwaway_database  # bench/ is the script's folder

HOST = "127.0.0.1"  # loopback only, never anything else
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Bench-Load-2021x!"  # noqa: S105 (a throw-away database of the bench)
HARD_LIMIT_SECONDS = 1800


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # (start time, seconds) of every request, to tell the ramp-up from the steady state.
    timeline: list[tuple[str, float, float]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    saved: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    reports_saved: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.timeline.append((kind, time.time() - seconds, seconds))
            self.latencies[kind].append(seconds)
            self.latencies["all"].append(seconds)
            if status >= 500 or status == 0:
                self.counts["errors"] += 1
            elif status == 404:
                self.counts["not_found"] += 1
                self.counts[f"404:{kind}"] += 1
            elif status == 409:
                self.counts["conflicts_409"] += 1
            elif status in (400, 403):
                self.counts[f"refused_{status}"] += 1
            self.counts["requests"] += 1


class FormParser(HTMLParser):
    """Collects the fields of every form on a page, to post one back unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.forms[-1][a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1][self._textarea or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


class Browser:
    """One simulated person: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, kind: str, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data) if data is not None else None
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            self.stats.add(kind, time.perf_counter() - started, 0)
            return 0, "", ""
        self.stats.add(kind, time.perf_counter() - started, status)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response.getheader("Location", "") or "", text

    def form(self, html: str, needle: str) -> dict[str, str]:
        parser = FormParser()
        parser.feed(html)
        return next((f for f in parser.forms if needle in f), {})

    def login(self, username: str) -> bool:
        _, _, html = self.request("login_page", "GET", "/accounts/login/")
        token = self.form(html, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        status, location, _ = self.request(
            "login",
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        return status == 302 and "/login" not in location

    def project_ids(self) -> list[int]:
        _, _, html = self.request("ledger", "GET", "/projects/")
        return sorted({int(m) for m in re.findall(r'href="/projects/(\d+)/"', html)})

    def save_project(self, pk: int, kind: str = "save") -> int:
        status, _, html = self.request("edit_form", "GET", f"/projects/{pk}/edit/")
        if status != 200:
            return status
        data = self.form(html, "version")
        if not data:
            return 0
        data["description"] = f"压测保存 {secrets.token_hex(4)}"
        status, _, _ = self.request(kind, "POST", f"/projects/{pk}/edit/", data)
        if status == 302:
            with self.stats.lock:
                self.stats.saved[pk] += 1
        return status

    def save_reports(self, unit_id: int, month: str = "2021-09") -> int:
        """A month's reports through the unit grid: change one editable row's progress text
        and save it as a draft, with the versions the grid carries."""
        path = f"/reports/unit/{unit_id}/{month}/"
        status, _, html = self.request("report_grid", "GET", path)
        if status != 200:
            return status
        parser = FormParser()
        parser.feed(html)
        data = next((f for f in parser.forms if any(k.endswith("-progress_text") for k in f)), {})
        rows = sorted({m for m in re.findall(r"^p(\d+)-progress_text$", "\n".join(data), re.M)})
        if not rows:
            return 0  # nothing editable this month (all approved)
        pk = random.choice(rows)
        data[f"p{pk}-progress_text"] = f"压测填报 {secrets.token_hex(4)}"
        data["action"] = "save"
        status, _, _ = self.request("report_save", "POST", path, data)
        if status == 302:
            with self.stats.lock:
                self.stats.reports_saved[int(pk)] += 1
        return status

    def probe_other_unit(self, pk: int) -> None:
        """B2 under load: another unit's project must answer 404, never its page."""
        status, _, _ = self.request("cross_unit", "GET", f"/projects/{pk}/")
        with self.stats.lock:
            self.stats.counts["cross_unit_attempts"] += 1
            if status == 200:
                self.stats.counts["cross_unit_successes"] += 1


def mixed_user(
    port: int,
    stats: Stats,
    username: str,
    unit: tuple[str, int],
    until: float,
    all_ids: list[int],
    arrive_at: float = 0.0,
) -> None:
    rng = random.Random(username + str(threading.get_ident()))
    time.sleep(max(0.0, arrive_at - time.time()))  # the ramp-up: officials arrive one by one
    browser = Browser(port, stats)
    if not browser.login(username):
        stats.add("login_failed", 0.0, 500)
        return
    ids = browser.project_ids()
    code, unit_id = unit
    sorts = ["code", "-investment", "name"]
    filters = ["", "&stage=building", "&listing=continuing", "&q=" + urllib.parse.quote("项目"),
               "&page=2"]  # fmt: skip
    pages = [
        (15, "home", lambda: "/?as_of=2021-09"),
        (20, "ledger", lambda: f"/projects/?sort={rng.choice(sorts)}{rng.choice(filters)}"),
        (15 if ids else 0, "detail", lambda: f"/projects/{rng.choice(ids)}/"),
        (10, "targets", lambda: "/targets/?as_of=2021-09"),
        (5, "unit", lambda: f"/units/{code}/"),
        (10, "board", lambda: "/supervision/?as_of=2021-09"),
        (10, "rankings", lambda: "/assessment/?as_of=2021-09"),
        (5, "reports", lambda: "/reports/"),
    ]
    weights = [w for w, _, _ in pages]
    for _ in range(10_000):  # bounded by count as well as by time
        if time.time() >= until:
            break
        foreign = [pk for pk in all_ids if pk not in ids]
        if rng.random() < 0.05 and foreign:
            browser.probe_other_unit(rng.choice(foreign))
        elif rng.random() < 0.06 and ids:
            browser.save_project(rng.choice(ids))
        elif rng.random() < 0.06:
            browser.save_reports(unit_id)
        else:
            _, kind, path = rng.choices(pages, weights=weights)[0]
            browser.request(kind, "GET", path())
        time.sleep(rng.uniform(0.5, 1.5))  # think time, about 1 s


def burst_user(port: int, stats: Stats, username: str, start_at: float, deadline: float) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    browser = Browser(port, stats)
    if not browser.login(username):
        stats.add("login_failed", 0.0, 500)
        return
    for pk in browser.project_ids()[:8]:
        if time.time() >= deadline:
            break
        browser.save_project(pk, kind="submit")


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def report(title: str, stats: Stats, seconds: float) -> None:
    total = stats.latencies["all"]
    print(f"\n== {title}: {len(total)} requests in {seconds:.1f} s ({len(total) / seconds:.1f}/s)")
    print(f"{'kind':<14}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for kind in sorted(stats.latencies, key=lambda k: (k != "all", k)):
        values = stats.latencies[kind]
        print(
            f"{kind:<14}{len(values):>7}{pct(values, 50):>10.0f}{pct(values, 95):>10.0f}"
            f"{pct(values, 99):>10.0f}"
        )
    counts = {k: stats.counts.get(k, 0) for k in ("errors", "not_found", "conflicts_409")}
    others = {k: v for k, v in stats.counts.items() if k.startswith(("refused_", "404:")) and v}
    print(
        f"errors (5xx/connection): {counts['errors']} | 404 (route absent): "
        f"{counts['not_found']} | 409 stale saves refused: {counts['conflicts_409']} {others}"
    )
    if stats.counts.get("cross_unit_attempts"):
        print(
            f"cross-unit access attempts: {stats.counts['cross_unit_attempts']}, "
            f"successes: {stats.counts.get('cross_unit_successes', 0)}"
        )
    if total:
        print(f"mean {statistics.mean(total) * 1000:.0f} ms")


def setup(
    tmp: Path, database_url: str, redis_url: str
) -> tuple[dict[str, str], list[tuple[str, int]], list[str]]:
    env = {
        **os.environ,
        "DUBAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DUBAN_FIELD_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DUBAN_VAR_DIR": str(tmp),  # uploads and media: one directory every server shares
        "DUBAN_DEMO_PASSWORD": PASSWORD,
        "DUBAN_AS_OF": "2021-09",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    duban = [str(BIN / "python"), "-m", "duban"]  # this checkout's code, not the installed one
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        done = subprocess.run([*duban, *args], env=env, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            raise SystemExit(f"duban {args[0]} failed:\n{done.stderr[-3000:]}")
    # One reporter account per unit, made through the account services (audited), so the
    # month-end burst has every unit submitting. The cache (Redis db of the bench) starts empty.
    code = (
        "import django;django.setup()\n"
        "from django.core.cache import cache\n"
        "cache.clear()\n"
        "from duban.accounts import services as s\n"
        "from duban.core.actors import SystemActor\n"
        "from duban.accounts.models import User\n"
        "from duban.orgs.models import Unit\n"
        "for u in Unit.objects.filter(is_active=True):\n"
        "    user,_=s.create_user(actor=SystemActor('bench'), username='bench_'+u.code,\n"
        f"        password={PASSWORD!r}, first_name=u.name)\n"
        "    s.grant_role(user, actor=SystemActor('bench'), role='reporter', unit=u)\n"
        "    User.objects.filter(pk=user.pk).update(must_change_password=False)\n"
        "    print(f'{u.code}:{u.pk}')\n"
    )  # fmt: skip
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "duban.settings"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    units = [(c.split(":")[0], int(c.split(":")[1])) for c in out]
    return env, units, [f"bench_{c}" for c, _ in units]


def report_versions(env: dict[str, str]) -> dict[int, int]:
    """September's report version of each project (absent: 0)."""
    code = (
        "import django,json;django.setup()\n"
        "from duban.reports.models import MonthlyReport\n"
        "rows=MonthlyReport.objects.filter(year=2021,month=9)\n"
        "print(json.dumps(dict(rows.values_list('project_id','version'))))\n"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "duban.settings"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def project_versions(env: dict[str, str]) -> dict[int, int]:
    code = (
        "import django,json;django.setup()\n"
        "from duban.projects.models import Project\n"
        "print(json.dumps(dict(Project.objects.values_list('pk','version'))))\n"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "duban.settings"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def lost_updates(before: dict[int, int], after: dict[int, int], saved: dict[int, int]) -> int:
    """Saves the client saw succeed that left no new version: each one a lost update (F2)."""
    return sum(max(0, n - (after.get(pk, 0) - before.get(pk, 0))) for pk, n in saved.items())


def wait_for(port: int, path: str = "/health") -> None:
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path, headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on {HOST}:{port}")


NGINX_CONF = """worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    client_max_body_size 60m;
    upstream duban {{
{servers}
        keepalive 32;
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://duban;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("nginx is missing: scripts/system-deps.sh installs nginx-light")


def capacity(port: int, account: str, path: str, clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second `clients` signed-in keep-alive clients get for `path`, back to
    back (no think time), and the errors among them."""
    stats = Stats()
    browsers = []
    for _ in range(clients):
        browser = Browser(port, stats)
        if not browser.login(account):
            raise RuntimeError(f"{account} cannot sign in")
        browsers.append(browser)
    stats = Stats()
    until = time.time() + seconds

    def hammer(browser: Browser) -> None:
        browser.stats = stats
        for _ in range(100_000):
            if time.time() >= until:
                break
            browser.request("capacity", "GET", path)

    threads = [threading.Thread(target=hammer, args=(b,)) for b in browsers]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.time() - started
    return len(stats.latencies["all"]) / elapsed, stats.counts.get("errors", 0)


def served_by(logs: list[Path]) -> list[int]:
    """Requests each app server answered (its gunicorn access log)."""
    return [sum(1 for _ in log.open(encoding="utf-8")) if log.exists() else 0 for log in logs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds after the last arrival")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which users arrive")
    parser.add_argument("--burst-scale", type=float, default=0.1, help="× 10 minutes (0: none)")
    parser.add_argument("--port", type=int, default=8197, help="where the bench sends traffic")
    parser.add_argument("--app-servers", type=int, default=1, help="gunicorns (2+: behind nginx)")
    parser.add_argument(
        "--workers", type=int, default=0, help="per app server (default: 2 × cores + 1, shared)"
    )
    parser.add_argument("--clients", type=int, default=8, help="clients of the capacity phase")
    parser.add_argument("--capacity-seconds", type=float, default=10.0)
    args = parser.parse_args()
    signal.alarm(HARD_LIMIT_SECONDS)  # the whole bench stops by itself
    tmp = Path(tempfile.mkdtemp(prefix="duban-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    name = f"duban_bench_load_{os.getpid()}"
    database_url, database, drop = throwaway_database(name, tmp)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    cores = os.cpu_count() or 2
    workers = args.workers or max(2, (cores * 2 + 1) // args.app_servers)
    try:
        t0 = time.time()
        env, units, accounts = setup(tmp, database_url, redis_url)
        versions_before = project_versions(env)
        reports_before = report_versions(env)
        print(f"setup: demo loaded on {database}, {len(accounts)} unit reporters, "
              f"{len(versions_before)} projects, {time.time() - t0:.0f} s")  # fmt: skip
        app_ports = (
            [args.port] if args.app_servers == 1
            else [args.port + 1 + i for i in range(args.app_servers)]
        )  # fmt: skip
        logs = [tmp / f"gunicorn-{p}.log" for p in app_ports]
        for app_port, log in zip(app_ports, logs, strict=True):
            servers.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "duban.wsgi:application", "-b", f"{HOST}:{app_port}",
                 "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(workers),
                 "--log-level", "warning", "--timeout", "120", "--access-logfile", str(log)],
                env=env, cwd=ROOT,
            ))  # fmt: skip
        for app_port in app_ports:
            wait_for(app_port)
        if args.app_servers > 1:
            conf = tmp / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    tmp=tmp,
                    host=HOST,
                    port=args.port,
                    servers="\n".join(f"        server {HOST}:{p};" for p in app_ports),
                ),
                encoding="utf-8",
            )
            servers.append(subprocess.Popen([nginx_binary(), "-c", str(conf), "-p", str(tmp)]))
            wait_for(args.port)
        print(f"{args.app_servers} gunicorn × {workers} workers (gunicorn.conf.py) on {app_ports}"
              f"{' behind nginx on ' + str(args.port) if args.app_servers > 1 else ''}, "
              f"DUBAN_ENV=production, {database}, Redis cache {redis_url}")  # fmt: skip
        served_at_start = served_by(logs)

        stats = Stats()
        begin = time.time()
        steady_from = begin + args.ramp
        until = steady_from + args.duration
        threads = [
            threading.Thread(
                target=mixed_user,
                args=(
                    args.port,
                    stats,
                    accounts[i % len(accounts)],
                    units[i % len(accounts)],
                    until,
                    list(versions_before),
                    begin + args.ramp * i / max(1, args.users),
                ),
            )
            for i in range(args.users)
        ]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.duration + 300)
        report(f"mixed: {args.users} concurrent users", stats, time.time() - started)
        # Signing in happens once per user and costs a deliberate PBKDF2 hash: reported apart.
        signin = [*stats.latencies["login"], *stats.latencies["login_page"]]
        mixed = [
            x
            for kind, values in stats.latencies.items()
            if kind not in ("all", "login", "login_page")
            for x in values
        ]
        steady = [
            seconds
            for kind, started_at, seconds in stats.timeline
            if kind not in ("login", "login_page") and started_at >= steady_from
        ]
        errors = stats.counts.get("errors", 0)
        saved = defaultdict(int, stats.saved)
        reports_saved = defaultdict(int, stats.reports_saved)

        if args.burst_scale > 0:
            window = 600 * args.burst_scale
            stats = Stats()
            started = time.time()
            deadline = started + window + 300
            threads = [
                threading.Thread(
                    target=burst_user,
                    args=(args.port, stats, name, started + random.uniform(0, window), deadline),
                )
                for name in accounts
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=window + 400)
            report(
                f"month-end burst: {len(accounts)} units submitting within {window:.0f} s",
                stats,
                time.time() - started,
            )
            errors += stats.counts.get("errors", 0)
            for pk, n in stats.saved.items():
                saved[pk] += n

        ledger_rps, ledger_errors = capacity(
            args.port, accounts[0], "/projects/?sort=code", args.clients, args.capacity_seconds
        )
        bare_rps, bare_errors = capacity(
            args.port, accounts[0], "/health", args.clients, args.capacity_seconds
        )
        errors += ledger_errors + bare_errors
        print(f"\ncapacity ({args.clients} clients, no think time): ledger {ledger_rps:.1f}/s, "
              f"bare view {bare_rps:.1f}/s ({ledger_rps / bare_rps:.0%} of the floor)")  # fmt: skip
        lost = lost_updates(versions_before, project_versions(env), saved)
        lost += lost_updates(reports_before, report_versions(env), reports_saved)
        print(f"project saves that succeeded: {sum(saved.values())}, report saves: "
              f"{sum(reports_saved.values())}; lost updates: {lost}")  # fmt: skip
        per_server = [b - a for a, b in zip(served_at_start, served_by(logs), strict=True)]
        print(f"requests answered by each app server: {per_server}")
        print(
            json.dumps(
                {
                    "served_by_server": per_server,
                    "requests": len(mixed),
                    "signin_p95_ms": round(pct(signin, 95), 1),
                    "ramp_s": args.ramp,
                    "steady_requests": len(steady),
                    "steady_p95_ms": round(pct(steady, 95), 1),
                    "steady_p99_ms": round(pct(steady, 99), 1),
                    "users": args.users,
                    "p50_ms": round(pct(mixed, 50), 1),
                    "p95_ms": round(pct(mixed, 95), 1),
                    "p99_ms": round(pct(mixed, 99), 1),
                    "errors": errors,
                    "lost_updates": lost,
                    "ledger_rps": round(ledger_rps, 1),
                    "bare_rps": round(bare_rps, 1),
                    "database": database,
                    "app_servers": args.app_servers,
                }
            )
        )
    finally:
        for server in reversed(servers):
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
