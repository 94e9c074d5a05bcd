"""The layers of docs/architecture.md are enforced, not described.

`lint-imports` (in `make lint`) checks the contract in pyproject.toml on the real package. These
tests show that the check bites: the same contract, run on a copy of the package with one
deliberate upward import added, fails and names it. They also keep function-level imports to
the ones that say why they are deferred.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "duban"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_package(tmp_path: Path) -> Path:
    """The package's Python files and the contract, in a folder of their own."""
    target = tmp_path / "project"
    shutil.copytree(
        PACKAGE, target / "duban", ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "*.mo")
    )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(project / "pyproject.toml"), "--no-cache"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.architecture
def test_the_layer_contract_holds_and_fails_on_a_deliberate_upward_import(
    tmp_path: Path,
) -> None:
    project = _copy_package(tmp_path)
    clean = _lint(project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (project / "duban" / "core" / "deliberate_violation.py").write_text(
        "from duban.projects.models import Project  # the foundation reaching up\n"
    )
    (project / "duban" / "projects" / "deliberate_cycle.py").write_text(
        "from duban.reports import models  # a lower app importing a higher one\n"
    )
    broken = _lint(project)
    assert broken.returncode != 0
    assert "duban.core is not allowed to import duban.projects" in broken.stdout
    assert "duban.projects is not allowed to import duban.reports" in broken.stdout


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import inside a function, except in an AppConfig.ready (where
    Django wants signal and check registration)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Import | ast.ImportFrom):
                module = sub.module if isinstance(sub, ast.ImportFrom) else sub.names[0].name
                found.append((sub.lineno, module or ""))
    return found


def test_function_level_imports_say_why_they_are_deferred() -> None:
    """An import inside a function hides a dependency (and once hid every cycle between our
    apps). It stays only when it avoids loading something at start-up, and says so in a
    `# deferred:` comment just above its block. Imports of our own apps are never deferred."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, module in _function_level_imports(path):
            where = f"{path.relative_to(ROOT)}:{lineno} {module}"
            if module.startswith("duban"):
                offenders.append(f"{where} (an app of ours: import it at the top)")
                continue
            above = lines[max(0, lineno - 6) : lineno - 1]
            if not any("# deferred:" in line for line in above):
                offenders.append(f"{where} (no '# deferred: <reason>' above it)")
    assert offenders == []


@pytest.mark.architecture
def test_the_picture_in_docs_architecture_is_drawn_from_the_current_code() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "architecture.py"), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_every_view_that_saves_with_a_version_check_is_in_the_edit_page_walk() -> None:
    """A view that passes `expected_version` to a service edits stored records: it must be
    registered with `duban.core.editing.edit_page` (so the browser walk saves it untouched in
    both languages) or say with `not_an_edit_page` why it is not such a page."""
    offenders = []
    for path in sorted(PACKAGE.rglob("views*.py")):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            saves = any(
                isinstance(sub, ast.keyword) and sub.arg == "expected_version"
                for sub in ast.walk(node)
            )
            marked = any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Name)
                and d.func.id in ("edit_page", "not_an_edit_page")
                for d in node.decorator_list
            )
            if saves and not marked:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert offenders == []
