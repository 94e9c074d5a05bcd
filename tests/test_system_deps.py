"""scripts/system-deps.sh waits while another apt/dpkg run holds the lock (issue #13).

The apt-get here is a stand-in script on PATH: holding the machine's real dpkg lock in a test
would stall (or break) whatever else is installing packages on the machine at the time. The
stand-in answers exactly as apt-get does when the lock is taken."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKED = (
    "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n"
    "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
    "is another process using it?"
)


def fake_apt(tmp_path: Path, failures: int, message: str = LOCKED) -> Path:
    """An apt-get that fails `failures` times with `message`, then succeeds; it logs each call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apt-get"
    script.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> "{tmp_path}/calls"\n'
        f'n=$(wc -l < "{tmp_path}/calls")\n'
        f"if [ \"$n\" -le {failures} ]; then echo '{message}' >&2; exit 100; fi\n"
        "exit 0\n"
    )
    script.chmod(0o755)
    return bin_dir


def run(tmp_path: Path, bin_dir: Path, wait: str = "30") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "DUBAN_APT_WAIT": wait, "DUBAN_APT_RETRY_PAUSE": "0"}  # fmt: skip
    return subprocess.run(
        ["bash", "-c", f". {ROOT / 'scripts/apt-wait.sh'}; apt_get_waiting install -y pkg"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "calls").read_text().splitlines()


def test_a_held_lock_is_waited_for_not_a_failure(tmp_path: Path) -> None:
    result = run(tmp_path, fake_apt(tmp_path, failures=2))
    assert result.returncode == 0
    assert len(calls(tmp_path)) == 3
    assert "waiting" in result.stderr
    # apt's own wait for the dpkg lock is asked for too.
    assert all(c.startswith("-o DPkg::Lock::Timeout=30 install") for c in calls(tmp_path))


def test_any_other_failure_is_reported_at_once(tmp_path: Path) -> None:
    result = run(
        tmp_path, fake_apt(tmp_path, failures=5, message="E: Unable to locate package pkg")
    )
    assert result.returncode == 100
    assert len(calls(tmp_path)) == 1
    assert "Unable to locate package" in result.stderr


def test_the_wait_has_a_limit(tmp_path: Path) -> None:
    result = run(tmp_path, fake_apt(tmp_path, failures=1000), wait="0")
    assert result.returncode != 0
    assert "gave up" in result.stderr


def test_system_deps_names_the_packages_documents_need() -> None:
    script = (ROOT / "scripts/system-deps.sh").read_text()
    for package in ("libreoffice-writer-nogui", "poppler-utils", "fonts-noto-cjk", "chromium"):
        assert package in script
    assert "apt_get_waiting install" in script and "65-duban-gov-fonts.conf" in script
