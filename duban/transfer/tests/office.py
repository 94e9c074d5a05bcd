"""LibreOffice (headless) for the format tests: it saves the sample ledger as .xls and .ods the
way an office suite really writes them, and reads Excel 2003 XML independently of our reader.

Debian's `libreoffice-calc-nogui` (scripts/system-deps.sh installs it). Without it the tests
that need it skip locally and fail on CI, like the browser tests without Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = os.environ.get("DUBAN_SOFFICE") or shutil.which("soffice") or "/usr/bin/soffice"


def require_soffice() -> str:
    if os.path.exists(SOFFICE):
        return SOFFICE
    if os.environ.get("CI") == "true":
        pytest.fail("CI 需要 LibreOffice（scripts/system-deps.sh 安装 libreoffice-calc-nogui）")
    pytest.skip("LibreOffice (soffice) not installed")


def convert(source: Path, target: str, out: Path, profile: Path, infilter: str = "") -> Path:
    """`soffice --convert-to TARGET` into `out`, with a profile of its own (so concurrent runs
    never share one) and a time limit; returns the written file."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        require_soffice(),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    env = {**os.environ, "HOME": str(profile.parent)}
    subprocess.run(command, check=True, capture_output=True, timeout=180, env=env)
    written = out / f"{source.stem}.{target.split(':')[0]}"
    if not written.exists():
        raise AssertionError(f"LibreOffice wrote nothing for {source.name} → {target}")
    return written
