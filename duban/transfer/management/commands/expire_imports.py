"""`duban expire-imports`: delete uploads whose import was never confirmed (hourly job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.transfer.pending import expire, max_age


class Command(BaseCommand):
    help = "删除超过时限仍未确认导入的上传文件（定时任务，每小时一次）"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = expire()
        self.stdout.write(f"已删除 {removed} 个超过 {max_age()} 秒未确认的导入文件")
