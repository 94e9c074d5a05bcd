"""The demo district: what `duban load_demo` builds, app by app.

Each app that contributes demo data has a `demo.py` with `load(ctx: DemoContext)`; the order
below is the order of dependence. Everything is derived from one seeded random generator, so
the demo is the same on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

DEMO_YEAR = 2021
APPS_IN_ORDER = [
    "orgs",
    "accounts",
    "documents",
    "projects",
    "targets",
    "reports",
    "supervision",
    "assessment",
    "screen",
    "transfer",
    "intake",
]


@dataclass
class DemoContext:
    """Shared state while the demo loads: the generator and what earlier apps created."""

    seed: int = 2021
    year: int = DEMO_YEAR
    rng: random.Random = field(init=False)
    objects: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)


def load(ctx: DemoContext | None = None) -> DemoContext:
    ctx = ctx or DemoContext()
    for app in APPS_IN_ORDER:
        try:
            module = import_module(f"duban.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"duban.{app}.demo":
                raise
            continue
        module.load(ctx)
    return ctx
