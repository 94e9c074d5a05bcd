"""The monthly spot-check draw as a pure function of its inputs (population, size, seed).

Reproducible by construction: the same population (ids, weights, strata, as stored on the
draw), sample size, weighting and seed give the same sample on any machine (Python's
`random.Random` is the Mersenne Twister, stable across versions for `random()`).

- The sample is spread over the strata (units or fact types) in proportion to their sizes,
  by largest remainder (ties to the stratum that sorts first).
- Within a stratum, weighted sampling without replacement (Efraimidis–Spirakis): each fact
  gets the key log(u) / weight and the highest keys are drawn, so a 10亿 project is likelier
  to be checked than a 1000万 one, and none is certain.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

Row = tuple[int, float, str]  # claim id, weight, stratum


def allocate(size: int, sizes: dict[str, int]) -> dict[str, int]:
    """How many to draw from each stratum: proportional, largest remainder, capped."""
    total = sum(sizes.values())
    if size >= total:
        return dict(sizes)
    quotas = {s: size * n // total for s, n in sizes.items()}
    rest = size - sum(quotas.values())
    by_remainder = sorted(sizes, key=lambda s: (-(size * sizes[s] % total), s))
    for s in by_remainder[:rest]:
        quotas[s] += 1
    return quotas


def draw(population: list[Row], *, size: int, seed: int, weighted: bool) -> list[int]:
    """The drawn claim ids, sorted."""
    rng = random.Random(seed)
    strata: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(population):
        strata[row[2]].append(row)
    quotas = allocate(size, {s: len(rows) for s, rows in strata.items()})
    out: list[int] = []
    for stratum in sorted(strata):
        keyed = []
        for pk, weight, _ in strata[stratum]:
            u = 1.0 - rng.random()  # in (0, 1]
            key = math.log(u) / weight if weighted and weight > 0 else math.log(u)
            keyed.append((key, pk))
        keyed.sort(reverse=True)
        out.extend(pk for _, pk in keyed[: quotas[stratum]])
    return sorted(out)
