"""`duban lights --as-of 2021-09 --format json|table`: the live lights, as the pages show them.

Districts use the JSON for notifications of their own; it is the same computation as the
warning board (`supervision.queries.compute_lights`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.asof import Month, default_month
from duban.supervision.choices import Colour
from duban.supervision.queries import compute_lights


class Command(BaseCommand):
    help = "输出某月全部亮灯（JSON 或表格）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", dest="as_of", help="月份，如 2021-09")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--colour", choices=Colour.values, help="只输出某种灯色")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["as_of"]) if options["as_of"] else default_month()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        lights = compute_lights(month)
        if options["colour"]:
            lights = [light for light in lights if light.colour == options["colour"]]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps([light.as_json() for light in lights], ensure_ascii=False, indent=1)
            )
            return
        for light in lights:
            self.stdout.write(
                "\t".join(
                    [
                        light.colour,
                        light.kind,
                        light.subject,
                        light.unit_label,
                        f"{light.expected:.1f}",
                        f"{light.actual:.1f}",
                        f"{light.gap:.1f}",
                        light.rule_version,
                        light.subject_label,
                    ]
                )
            )
