"""Draw the layers of duban from the code: `make architecture` (scripts/architecture.py).

Reads the layer contract from pyproject.toml and the imports between apps from the code (grimp,
the graph import-linter checks), and writes both as a Mermaid diagram into
docs/architecture.md between the `layers:start` / `layers:end` markers. `--check` fails when
the document no longer matches the code (the test suite runs it).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- layers:start -->", "<!-- layers:end -->"


def layers() -> list[list[str]]:
    """The contract's layers, top first; siblings of a layer are listed together."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("id") == "layers"
    )
    return [[name.strip().split(".")[1] for name in row.split("|")] for row in contract["layers"]]


def app_edges() -> dict[str, set[str]]:
    """Which app imports which (tests left out: they may reach across for fixtures)."""
    graph = grimp.build_graph("duban", include_external_packages=False)
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 3 or "tests" in parts or "migrations" in parts:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[1] != parts[1] and "tests" not in other:
                edges[parts[1]].add(other[1])
    return edges


def mermaid() -> str:
    rows = layers()
    known = {app for row in rows for app in row}
    edges = app_edges()
    lines = ["```mermaid", "flowchart TB"]
    for depth, row in enumerate(rows):
        lines.append(f'  subgraph L{depth}["layer {len(rows) - depth}"]')
        lines.append("    direction LR")
        lines.extend(f"    {app}" for app in row)
        lines.append("  end")
    # Each app is drawn to the nearest layer it uses (the full list is in the table below):
    # every app may use anything lower, and drawing all of the edges hides the shape.
    depth_of = {app: depth for depth, row in enumerate(rows) for app in row}
    for app in sorted(edges):
        deps = [d for d in edges[app] if d in known and app in known]
        if not deps:
            continue
        nearest = min(depth_of[d] for d in deps)
        lines.extend(f"  {app} --> {d}" for d in sorted(deps) if depth_of[d] == nearest)
    lines.append("```")
    table = ["", "| layer | apps | imports (apps in lower layers it uses) |", "| --- | --- | --- |"]
    for depth, row in enumerate(rows):
        for app in row:
            uses = ", ".join(sorted(d for d in edges.get(app, ()) if d in known)) or "—"
            table.append(f"| {len(rows) - depth} | `{app}` | {uses} |")
    return "\n".join(lines + table)


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    note = "<!-- made by `make architecture` from pyproject.toml and the imports; do not edit -->"
    return f"{head}{START}\n{note}\n{mermaid()}\n{END}{tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the document is stale")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            sys.exit("docs/architecture.md is stale: run `make architecture`")
        return
    DOC.write_text(fresh, encoding="utf-8")


if __name__ == "__main__":
    main()
