"""Writes to the database happen in services only: `make lint` (scripts/writes_in_services.py).

Every change to the record must leave an audit row and respect version checks, and the one
place that guarantees it is a `services.py` function with a typed actor (docs/architecture.md,
"Rules the code keeps"). This check reads every module of the package with Python's `ast` and
fails on a database write anywhere else.

What counts as a write (ORM calls, told apart from dict/hash/file methods of the same name by
their shape, since a static check cannot know types):
- `.create(`, `.get_or_create(`, `.update_or_create(`, `.bulk_create(`, `.bulk_update(`, and
  our own fast INSERT `insert_rows(` (duban.core.bulk): always;
- `.save(` and `.delete(` with no positional argument (a model or queryset; `book.save(path)`,
  `cache.delete(key)` and `document.save(stream)` take one);
- `.update(` with keyword arguments only (a queryset; `dict.update(other)` and
  `hashlib.update(data)` take a positional one).
`super().save(...)` / `super().delete(...)` inside a model's own override is not a new write.

Where writes may live:
- `services.py` modules and modules of a `services/` package;
- `migrations/` (schema and data migrations);
- the demo loaders: `demo.py` and its helpers `demo_*.py` (the invented district, loaded by
  `duban load_demo` into an empty database; they write in bulk for speed);
- tests (`tests/` folders, `conftest.py`).
Management commands are NOT exempt: a command parses its arguments and calls a service, so a
write made from the command line leaves the same record as one made from a page.

ALLOWED names the few other modules that write, each with its reason. Run with `--list` to
print every write found (allowed ones marked).
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "duban"

ALWAYS = frozenset(
    {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "insert_rows"}
)
NO_POSITIONAL = frozenset({"save", "delete"})
KEYWORDS_ONLY = frozenset({"update"})

# Module (path relative to the package's parent) → why it may write outside a services module.
ALLOWED: dict[str, str] = {
    "duban/accounts/approvals.py": (
        "the two-person rule's write module (B4): every function takes a typed actor, runs "
        "in one transaction and records its audit row; called by views and accounts.services"
    ),
    "duban/accounts/notices.py": (
        "notices to account holders, written inside the caller's service transaction "
        "(notify) or by mark_read with its own audit row"
    ),
    "duban/transfer/importers/common.py": (
        "finish_batch: the import batch row and its audit row, written inside each "
        "importer's one all-or-nothing transaction (called from transfer.services)"
    ),
}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    call: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}"


def exempt(relative: Path) -> bool:
    """Modules where writes belong (see the module docstring)."""
    parts = relative.parts
    name = relative.name
    return (
        name == "services.py"
        or "services" in parts[:-1]
        or "migrations" in parts
        or "tests" in parts
        or name == "conftest.py"
        or name == "demo.py"
        or (name.startswith("demo_") and name.endswith(".py"))
    )


def _is_super_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def is_write(call: ast.Call) -> bool:
    """Whether this call has the shape of a database write."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "insert_rows"
    if not isinstance(func, ast.Attribute):
        return False
    name = func.attr
    if name in ALWAYS:
        return True
    if name in NO_POSITIONAL:
        return not call.args and not _is_super_call(func.value)
    if name in KEYWORDS_ONLY:
        return not call.args and bool(call.keywords)
    return False


def writes_in_source(source: str, path: str) -> list[Write]:
    """Every write-shaped call in one module's source text."""
    tree = ast.parse(source, filename=path)
    found = [
        Write(path, node.lineno, ast.unparse(node.func))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and is_write(node)
    ]
    return sorted(found, key=lambda w: w.line)


def violations(package: Path = PACKAGE) -> list[Write]:
    """Writes outside services, migrations, demo loaders, tests and the allowlist."""
    found: list[Write] = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        if exempt(relative) or relative.as_posix() in ALLOWED:
            continue
        found.extend(writes_in_source(path.read_text(encoding="utf-8"), relative.as_posix()))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, default=PACKAGE)
    args = parser.parse_args(argv)
    package: Path = args.package.resolve()
    missing = [p for p in ALLOWED if not (package.parent / p).is_file()]
    found = violations(package)
    for write in found:
        print(f"{write}  ← a database write outside a services module")
    for path in missing:
        print(f"{path}: listed in ALLOWED but gone; remove it from the list")
    if found or missing:
        print(
            "Move the write into a services.py function (typed actor, transaction, audit row); "
            "see docs/architecture.md, 'Rules the code keeps'."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
