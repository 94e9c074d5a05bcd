"""The demo's 2021 agreements: drawn from the decomposition, issued in February, signed by
every unit but two (the page shows who has not signed). The signed scans are 示例 images."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from duban.accounts.actors import DEMO
from duban.agreements import services
from duban.agreements.models import Agreement
from duban.core.demo import DemoContext

PENDING = 2  # units that have not signed yet in the demo


def scan(name: str) -> SimpleUploadedFile:
    """A 示例 scan: a white page with a red seal, as the signed page would look."""
    page = Image.new("RGB", (420, 594), "white")
    draw = ImageDraw.Draw(page)
    for y in range(60, 420, 28):
        draw.line((40, y, 380, y), fill=(170, 170, 170), width=2)
    draw.ellipse((250, 440, 370, 560), outline=(200, 0, 0), width=6)
    out = io.BytesIO()
    page.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def load(ctx: DemoContext) -> None:
    year = ctx.year
    if Agreement.objects.filter(year=year).exists():
        return
    drafted = services.generate(year, actor=DEMO)
    issued_on = dt.date(year, 2, 26)
    for agreement in drafted:
        services.issue(
            agreement,
            actor=DEMO,
            expected_version=agreement.version,
            unit_signatory=f"{agreement.unit.label}主要负责人（示例）",
            issued_on=issued_on,
        )
    for n, agreement in enumerate(drafted[: len(drafted) - PENDING]):
        services.sign(
            agreement,
            actor=DEMO,
            expected_version=agreement.version,
            signed_on=issued_on + dt.timedelta(days=n % 5),
            scans=[scan(f"{year}年{agreement.unit.label}目标责任书签字页（示例）.png")],
        )
