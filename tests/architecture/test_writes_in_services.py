"""Writes to the database live in services (scripts/writes_in_services.py, run by `make lint`).

The check passes on the package as it is, and these tests show it bites: a deliberate `.save()`
in a view of a copy of the package fails and is named, as are the other write shapes, while the
same method names on dicts, hashes and files pass.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "writes_in_services.py"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("writes_in_services", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


CHECK = _checker()


def _run(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(package)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.architecture
def test_the_package_writes_only_in_services() -> None:
    assert CHECK.violations() == []
    assert _run(ROOT / "duban").returncode == 0


@pytest.mark.architecture
def test_the_check_fails_on_a_deliberate_save_in_a_view(tmp_path: Path) -> None:
    copy = tmp_path / "duban"
    shutil.copytree(ROOT / "duban", copy, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
    assert _run(copy).returncode == 0
    view = copy / "projects" / "views.py"
    view.write_text(
        view.read_text(encoding="utf-8")
        + "\n\ndef sneaky(request, pk):\n"
        + "    project = Project.objects.get(pk=pk)\n"
        + "    project.name = request.POST['name']\n"
        + "    project.save()\n",
        encoding="utf-8",
    )
    broken = _run(copy)
    assert broken.returncode == 1
    assert "duban/projects/views.py:" in broken.stdout
    assert "project.save  ← a database write outside a services module" in broken.stdout


@pytest.mark.parametrize(
    "source",
    [
        "obj.save()",
        "obj.save(update_fields=['name'])",
        "obj.delete()",
        "Project.objects.filter(unit=u).delete()",
        "Project.objects.create(name='x')",
        "Project.objects.filter(pk=1).update(name='x')",
        "qs.update(name='x')",
        "Unit.objects.get_or_create(code='x')",
        "Unit.objects.update_or_create(code='x', defaults={})",
        "Node.objects.bulk_create(nodes)",
        "Node.objects.bulk_update(nodes, ['name'])",
        "insert_rows(Project, rows)",
        "form.save()",
    ],
)
def test_every_write_shape_is_caught(source: str) -> None:
    found = CHECK.writes_in_source(source, "duban/x/views.py")
    assert len(found) == 1, source


@pytest.mark.parametrize(
    "source",
    [
        "payload.update(other)",
        "digest.update(data)",
        "book.save(buffer)",
        "document.save(path)",
        "cache.delete(key)",
        "super().save(*args, **kwargs)",
        "Project.objects.filter(pk=1).exists()",
    ],
)
def test_the_same_names_on_dicts_hashes_and_files_pass(source: str) -> None:
    assert CHECK.writes_in_source(source, "duban/x/views.py") == []


@pytest.mark.parametrize(
    ("path", "exempt"),
    [
        ("duban/projects/services.py", True),
        ("duban/transfer/services/ledger.py", True),
        ("duban/projects/migrations/0002_x.py", True),
        ("duban/projects/demo.py", True),
        ("duban/projects/demo_nodes.py", True),
        ("duban/projects/tests/test_x.py", True),
        ("duban/projects/views.py", False),
        ("duban/projects/forms.py", False),
        ("duban/projects/management/commands/x.py", False),
    ],
)
def test_where_writes_may_live(path: str, exempt: bool) -> None:
    assert CHECK.exempt(Path(path)) is exempt
