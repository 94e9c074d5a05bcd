"""``duban extract FILE [--format json|table]``: print the targets proposed from a document."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.intake.cli import run
from duban.intake.text import IntakeError


class Command(BaseCommand):
    help = "列出文件（.txt/.docx/.html）中的目标任务建议，不写入数据库。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = run(options["file"], options["format"])
        except (IntakeError, OSError) as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        self.stdout.write(output)
