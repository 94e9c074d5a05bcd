"""Load bench (SECURITY.md figures): 50 concurrent users and a month-end burst, on loopback.

Builds a throw-away production-like instance (DUBAN_ENV=production, a temporary SQLite database
with the demo loaded, collected static files), serves it with gunicorn on 127.0.0.1, then:

1. mixed: N simulated users (threads) log in and browse for a bounded time — home, ledger,
   project detail, targets, unit page, the reports page (404 until that app is merged, counted
   apart) — and save projects through the real edit form with its version (F2);
2. burst: every demo unit's reporter logs in and saves each of its projects, all starting
   within a window (the month-end rush; 10 minutes scaled by --burst-scale).

Prints p50/p95/p99 latency and error counts per phase. Traffic goes to 127.0.0.1 only, every
loop is bounded in count and time, and the server is stopped at the end.

    .venv/bin/python bench/load.py                # 50 users × 60 s, burst window 60 s
    .venv/bin/python bench/load.py --users 10 --duration 15 --burst-scale 0.02
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

HOST = "127.0.0.1"  # loopback only, never anything else
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Bench-Load-2021x!"  # noqa: S105 (a throw-away database of the bench)
HARD_LIMIT_SECONDS = 1800


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    saved: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
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

    def probe_other_unit(self, pk: int) -> None:
        """B2 under load: another unit's project must answer 404, never its page."""
        status, _, _ = self.request("cross_unit", "GET", f"/projects/{pk}/")
        with self.stats.lock:
            self.stats.counts["cross_unit_attempts"] += 1
            if status == 200:
                self.stats.counts["cross_unit_successes"] += 1


def mixed_user(
    port: int, stats: Stats, username: str, unit: str, until: float, all_ids: list[int]
) -> None:
    rng = random.Random(username + str(threading.get_ident()))
    browser = Browser(port, stats)
    if not browser.login(username):
        stats.add("login_failed", 0.0, 500)
        return
    ids = browser.project_ids()
    pages = [
        (20, "home", lambda: "/?as_of=2021-09"),
        (25, "ledger", lambda: f"/projects/?sort={rng.choice(['code', '-investment', 'name'])}"),
        (20 if ids else 0, "detail", lambda: f"/projects/{rng.choice(ids)}/"),
        (10, "targets", lambda: "/targets/?as_of=2021-09"),
        (10, "unit", lambda: f"/units/{unit}/"),
        (5, "reports", lambda: "/reports/"),
    ]
    weights = [w for w, _, _ in pages]
    for _ in range(10_000):  # bounded by count as well as by time
        if time.time() >= until:
            break
        foreign = [pk for pk in all_ids if pk not in ids]
        if rng.random() < 0.05 and foreign:
            browser.probe_other_unit(rng.choice(foreign))
        elif rng.random() < 0.10 and ids:
            browser.save_project(rng.choice(ids))
        else:
            _, kind, path = rng.choices(pages, weights=weights)[0]
            browser.request(kind, "GET", path())
        time.sleep(rng.uniform(0.2, 1.0))  # think time


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


def setup(tmp: Path) -> tuple[dict[str, str], list[str], list[str]]:
    env = {
        **os.environ,
        "DUBAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DUBAN_FIELD_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DUBAN_VAR_DIR": str(tmp),
        "DUBAN_DEMO_PASSWORD": PASSWORD,
        "DUBAN_AS_OF": "2021-09",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    duban = str(BIN / "duban")
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([duban, *args], env=env, check=True, capture_output=True, cwd=ROOT)
    # One reporter account per unit, made through the account services (audited), so the
    # month-end burst has every unit submitting.
    code = (
        "import django;django.setup()\n"
        "from duban.accounts import services as s\n"
        "from duban.core.actors import SystemActor\n"
        "from duban.accounts.models import User\n"
        "from duban.orgs.models import Unit\n"
        "for u in Unit.objects.filter(is_active=True):\n"
        "    user,_=s.create_user(actor=SystemActor('bench'), username='bench_'+u.code,\n"
        f"        password={PASSWORD!r}, first_name=u.name)\n"
        "    s.grant_role(user, actor=SystemActor('bench'), role='reporter', unit=u)\n"
        "    User.objects.filter(pk=user.pk).update(must_change_password=False)\n"
        "    print(u.code)\n"
    )  # fmt: skip
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "duban.settings"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    return env, out, [f"bench_{c}" for c in out]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mixed phase")
    parser.add_argument("--burst-scale", type=float, default=0.1, help="× 10 minutes")
    parser.add_argument("--port", type=int, default=8197)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()
    signal.alarm(HARD_LIMIT_SECONDS)  # the whole bench stops by itself
    tmp = Path(tempfile.mkdtemp(prefix="duban-bench-"))
    server = None
    try:
        t0 = time.time()
        env, unit_codes, accounts = setup(tmp)
        versions_before = project_versions(env)
        print(f"setup: demo loaded, {len(accounts)} unit reporters, {len(versions_before)} "
              f"projects, {time.time() - t0:.0f} s")  # fmt: skip
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "duban.wsgi:application", "-b", f"{HOST}:{args.port}",
             "-w", str(args.workers), "-k", "gthread", "--threads", "4",
             "--log-level", "warning", "--timeout", "120"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        for _ in range(100):
            try:
                http.client.HTTPConnection(HOST, args.port, timeout=2).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn: {args.workers} workers × 4 threads on {HOST}:{args.port}, "
              f"DUBAN_ENV=production, SQLite (WAL)")  # fmt: skip

        stats = Stats()
        until = time.time() + args.duration
        threads = [
            threading.Thread(
                target=mixed_user,
                args=(
                    args.port,
                    stats,
                    accounts[i % len(accounts)],
                    unit_codes[i % len(accounts)],
                    until,
                    list(versions_before),
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
        mixed_saved = dict(stats.saved)

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
        saved = defaultdict(int, mixed_saved)
        for pk, n in stats.saved.items():
            saved[pk] += n
        lost = lost_updates(versions_before, project_versions(env), saved)
        print(f"\nsaves that succeeded: {sum(saved.values())}; lost updates: {lost}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
