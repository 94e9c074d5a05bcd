"""The demo district's shared state while it loads (see `duban.portal.demo` for the order).

Each app that contributes demo data has a `demo.py` with `load(ctx: DemoContext)`. Everything is
derived from one seeded random generator, so the demo is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

DEMO_YEAR = 2021
# The demo shows the district as it stood at the end of September 2021 (DUBAN_AS_OF=2021-09):
# nothing in it (a start, a completion, a problem's step) is dated after this day.
DEMO_AS_OF = dt.date(DEMO_YEAR, 9, 30)


@dataclass
class DemoContext:
    """Shared state while the demo loads: the generator and what earlier apps created."""

    seed: int = 2021
    year: int = DEMO_YEAR
    as_of: dt.date = DEMO_AS_OF
    rng: random.Random = field(init=False)
    objects: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
