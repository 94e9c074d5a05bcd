"""Server-side SVG charts for the big screen: no chart library, no CDN, nothing to download.

Every label is XML-escaped here (SECURITY.md D2), and only presentation attributes are used
(no `style=`), so the SVG passes the CSP unchanged when the screen script inserts it.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
INK = "#f2f5fa"
MUTED = "#9fb0c6"
GOOD = "#35c27a"
WARN = "#f5b82e"
BAD = "#f0524a"
BAR_BG = "#243349"


def _text(x: float, y: float, text: str, size: int, fill: str = INK, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{fill}" '
        f'font-family="{FONT}" text-anchor="{anchor}" dominant-baseline="middle">'
        f"{escape(str(text))}</text>"
    )


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        + "".join(body)
        + "</svg>"
    )


def _color(rate: float, expected: float) -> str:
    if rate >= expected:
        return GOOD
    if rate >= expected * 0.8:
        return WARN
    return BAD


def progress_bars(rows: list[dict[str, Any]], expected: float, width: int = 1760) -> str:
    """One horizontal bar per target: completion rate against the trajectory line."""
    row_h, label_w, value_w = 64, 560, 200
    height = max(len(rows), 1) * row_h + 60
    bar_w = width - label_w - value_w
    scale = bar_w / 120  # up to 120% fits; beyond is clipped with the number still printed
    body = []
    for n, row in enumerate(rows):
        y = 20 + n * row_h
        rate = float(row["rate"])
        body.append(_text(0, y + 22, row["title"], 30))
        body.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="44" fill="{BAR_BG}"/>')
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{min(rate, 120) * scale:.0f}" height="44" '
            f'fill="{_color(rate, expected)}"/>'
        )
        body.append(_text(width, y + 22, f"{rate:.1f}%", 32, anchor="end"))
    x = label_w + expected * scale
    body.append(
        f'<line x1="{x:.0f}" y1="10" x2="{x:.0f}" y2="{height - 40}" stroke="{INK}" '
        f'stroke-width="4" stroke-dasharray="12 8"/>'
    )
    body.append(_text(x, height - 18, f"序时进度 {expected:.1f}%", 26, MUTED, "middle"))
    return _svg(width, height, body, "目标完成率与序时进度")


def category_bars(
    categories: list[dict[str, Any]], expected: float = 0, width: int = 1760, height: int = 760
) -> str:
    """Per category, two columns: 新开工 and 建成投产 completion rates, and the trajectory."""
    n = max(len(categories), 1)
    slot = (width - 80) / n
    base = height - 90
    scale = (base - 60) / 120
    body = [f'<line x1="60" y1="{base}" x2="{width}" y2="{base}" stroke="{MUTED}"/>']
    series = [("new_starts", "新开工", "#4ea3ff"), ("completions", "建成投产", "#ffb74d")]
    if not categories:
        body.append(_text(width / 2, height / 2, "本年度尚未设定分类别目标", 40, MUTED, "middle"))
    for i, cat in enumerate(categories):
        x0 = 80 + i * slot
        for j, (kind, _label, color) in enumerate(series):
            item = cat["items"].get(kind)
            if item is None:
                continue
            rate = min(float(item["rate"]), 120)
            h = rate * scale
            x = x0 + slot * 0.15 + j * slot * 0.36
            body.append(
                f'<rect x="{x:.0f}" y="{base - h:.0f}" width="{slot * 0.32:.0f}" '
                f'height="{h:.0f}" fill="{color}"/>'
            )
            body.append(
                _text(x + slot * 0.16, base - h - 24, f"{item['rate']:.0f}%", 28, anchor="middle")
            )
            body.append(
                _text(
                    x + slot * 0.16,
                    base + 60,
                    f"{item['actual']:.0f}/{item['target']:.0f}",
                    22,
                    MUTED,
                    "middle",
                )
            )
        body.append(_text(x0 + slot * 0.5, base + 28, cat["category"], 32, anchor="middle"))
    if expected:
        y = base - min(expected, 120) * scale
        body.append(
            f'<line x1="60" y1="{y:.0f}" x2="{width}" y2="{y:.0f}" stroke="{INK}" '
            f'stroke-width="3" stroke-dasharray="12 8"/>'
        )
        body.append(_text(width, y - 22, f"序时进度 {expected:.1f}%", 26, MUTED, "end"))
    for j, (_kind, label, color) in enumerate(series):
        body.append(f'<rect x="{80 + j * 260}" y="6" width="36" height="28" fill="{color}"/>')
        body.append(_text(126 + j * 260, 21, label, 28))
    return _svg(width, height, body, "分类别开竣工完成率")


def ranking_bars(rows: list[dict[str, Any]], width: int = 860, limit: int = 15) -> str:
    """Totals of a group's units as horizontal bars, in ranking order."""
    shown = rows[:limit]
    row_h = 52
    height = max(len(shown), 1) * row_h + 10
    top = max((float(r["total"]) for r in shown), default=100) or 100
    label_w, value_w = 250, 130
    bar_w = width - label_w - value_w
    body = []
    for n, row in enumerate(shown):
        y = 5 + n * row_h
        w = max(float(row["total"]), 0) / top * bar_w
        color = GOOD if row["rank"] <= 3 else "#4ea3ff"
        body.append(_text(0, y + 22, f"{row['rank']}. {row['unit']}", 30))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.0f}" height="36" fill="{color}"/>')
        body.append(_text(width, y + 22, f"{row['total']:.2f}", 30, anchor="end"))
    return _svg(width, height, body, "得分排名")
