"""The bulletins on the command line: `duban document bulletin --quarter 2021Q3 | --month
2021-09 --out FILE.docx [--pdf]` (see duban.documents.registry)."""

from __future__ import annotations

import re
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Mapping
from typing import Any

from duban.assessment import bulletin
from duban.assessment.choices import BulletinKind
from duban.assessment.models import Bulletin
from duban.assessment.queries import published_runs
from duban.core.asof import Month
from duban.documents.registry import DocumentCommand, Generated

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


def quarter(text: str) -> tuple[int, int]:
    """2021Q3 (also 2021q3, 2021-Q3) → (2021, 3)."""
    found = _QUARTER.match(text)
    if not found:
        raise ArgumentTypeError(f"季度应写作 YYYYQn，如 2021Q3：{text!r}")
    return int(found.group(1)), int(found.group(2))


def month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"月份应写作 YYYY-MM，如 2021-09：{text!r}") from exc


def _arguments(parser: ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", type=quarter, help="季度通报，如 2021Q3")
    which.add_argument("--month", type=month, help="月度通报，如 2021-09")


def build(options: Mapping[str, Any]) -> Generated:
    """The published bulletin as it was frozen; else a draft from the published scores of the
    period (with a warning when the period's scores are not published yet)."""
    if options.get("quarter"):
        kind, (year, period) = BulletinKind.QUARTERLY, options["quarter"]
    else:
        chosen: Month = options["month"]
        kind, year, period = BulletinKind.MONTHLY, chosen.year, chosen.month
    published = Bulletin.objects.filter(kind=kind, year=year, period=period).first()
    warnings = []
    if published is not None:
        content, number = published.content, published.number
    else:
        content = bulletin.build_content(kind, year, period)
        number = bulletin.default_number(kind, year, period)
        warnings.append(f"{content['title']}尚未发布，生成的是草稿（文号 {number} 为建议文号）")
        as_of = bulletin.period_month(kind, year, period)
        if not published_runs(as_of):
            warnings.append(
                f"{as_of.label}的考评结果尚未发布，通报中没有排名"
                f"（发布后再生成：duban publish-scores --month {as_of}）"
            )
    return Generated(
        docx=bulletin.render_docx(content, number),
        title=f"{number} {content['title']}",
        warnings=warnings,
    )


DOCUMENT_COMMANDS = [
    DocumentCommand(
        name="bulletin",
        help="月度或季度考评通报",
        add_arguments=_arguments,
        build=build,
    )
]
