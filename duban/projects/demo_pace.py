"""How fast each demo unit works (its pace) and how demo totals are split among units: shared
by the projects', reports' and targets' demo data so the units' stories agree."""

from __future__ import annotations

from typing import Any

PACE = {
    "gudong": 1.08, "guxi": 0.72, "wenquan": 1.02, "dongjie": 0.95, "nanjie": 0.62,
    "antai": 0.9, "huada": 1.05, "shuibu": 0.84, "wufeng": 1.0, "hongshan": 0.97,
    "ruanjianyuan": 1.1, "gaoxinqu": 0.78,
}  # fmt: skip


def spread(total: int, keys: list[str], rng: Any) -> dict[str, int]:
    """Split `total` over keys, unevenly but every key getting at least one where possible."""
    weights = [rng.uniform(0.5, 1.5) for _ in keys]
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(keys)), key=lambda i: raw[i] - counts[i], reverse=True):
        if sum(counts) >= total:
            break
        counts[i] += 1
    return dict(zip(keys, counts, strict=True))
