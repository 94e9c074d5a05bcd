"""Charts for official documents: drawn by matplotlib at the size they are printed.

A chart is drawn at its printed width (the 156 mm type area) so that its 10.5 pt labels are
10.5 pt on paper, not scaled down by Word. Chinese labels need a CJK font; Debian's
fonts-noto-cjk provides "Noto Sans CJK SC" (set-up installs it). Without one, no chart is
drawn (the caller says so in the text) rather than a chart of empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from duban.core.officialdoc.gbt9704 import SIZES, TEXT_WIDTH_MM

# Simplified Chinese faces first: the JP/TC faces of the same collection draw some Chinese
# characters the Japanese or Traditional way.
_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei")
_MM_PER_INCH = 25.4
DPI = 200
BAR_COLOUR = "#1F4E79"


@lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """The name of an installed font family that draws Simplified Chinese, or None."""
    # deferred: matplotlib takes a second to import; only charts need it.
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in installed:
            return name
    for name in sorted(installed):
        if "CJK SC" in name or "Hei" in name:
            return name
    return None


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_text: Callable[[float], str],
    width_mm: float = TEXT_WIDTH_MM,
    axis_label: str = "",
) -> bytes | None:
    """Horizontal bars, first label on top, each bar labelled with `value_text(value)`.

    The PNG is `width_mm` wide at `DPI`; its height grows with the number of bars (about
    6.5 mm a bar) so labels never overlap. None when no CJK font is installed or no data.
    """
    family = cjk_family()
    if family is None or not labels:
        return None
    # deferred: matplotlib takes a second to import; only charts need it.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    size = SIZES["五号"]
    height_mm = min(230.0, 18 + 6.5 * len(labels))
    fig, ax = plt.subplots(figsize=(width_mm / _MM_PER_INCH, height_mm / _MM_PER_INCH), dpi=DPI)
    style: dict[str, Any] = {"family": family, "size": size}
    names = list(labels)[::-1]
    numbers = [float(v) for v in values][::-1]
    positions = range(len(names))
    ax.barh(positions, numbers, color=BAR_COLOUR, height=0.62)
    top = max([*numbers, 1.0])
    for y, v in zip(positions, numbers, strict=True):
        ax.text(v + top * 0.01, y, value_text(v), va="center", fontdict=style)
    ax.set_yticks(list(positions), names, fontfamily=family, fontsize=size)
    ax.set_xlim(0, top * 1.14)
    ax.tick_params(axis="x", labelsize=size - 1.5)
    if axis_label:
        ax.set_xlabel(axis_label, fontdict=style)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(y=0.01)
    fig.tight_layout(pad=0.4)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def png_size_mm(png: bytes) -> tuple[float, float]:
    """Printed size of a PNG at its own resolution (pHYs), else at `DPI`."""
    # deferred: Pillow comes with matplotlib and is loaded only for charts.
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        dpi = img.info.get("dpi", (DPI, DPI))
        x_dpi = float(dpi[0]) or DPI
        y_dpi = float(dpi[1]) or DPI
        return img.width / x_dpi * _MM_PER_INCH, img.height / y_dpi * _MM_PER_INCH
