"""`duban import FILE [--dry-run]`: the same preview and all-or-nothing import as the page.

Exit status: 0 imported (or a clean dry run), 1 the file was refused, 2 rows have errors
(nothing written), 3 the import failed at commit (rolled back). Messages are Chinese, on stderr,
and never a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser

from duban.accounts.actors import Actor
from duban.accounts.models import User
from duban.core.actors import SystemActor
from duban.core.asof import default_month
from duban.core.models import StaleVersionError
from duban.transfer import services
from duban.transfer.choices import ImportKind, Outcome
from duban.transfer.safety import FileRefused


class Command(BaseCommand):
    help = (
        "导入项目台账、任务分解表或月报表（.xlsx/.xls/.et/.ods/Excel 2003 XML/.csv），"
        "先预览，全部成功才写入"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="要导入的文件")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.LEDGER)
        parser.add_argument(
            "--year", type=int, default=None, help="年度（默认为当前查看月份的年度）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只预览，不写入")
        parser.add_argument("--user", default="", help="以该用户身份导入（默认：系统）")
        parser.add_argument("--show", type=int, default=50, help="最多列出多少条行结果")

    def _fail(self, message: str, code: int) -> None:
        sys.stderr.write(message.rstrip() + "\n")
        raise SystemExit(code)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            self._run(opts)
        except SystemExit:
            raise
        except Exception as exc:  # the contract: a Chinese message, never a traceback
            self._fail(f"导入失败：{exc}", 3)

    def _run(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            self._fail(f"找不到文件：{path}", 1)
        actor: Actor = SystemActor("import")
        if opts["user"]:
            found = User.objects.filter(username__iexact=opts["user"], is_active=True).first()
            if found is None:
                self._fail(f"找不到用户：{opts['user']}", 1)
            else:
                actor = found
        data = path.read_bytes()
        year = opts["year"] or default_month().year
        started = time.perf_counter()
        bar = _Bar(self.stderr.isatty() if hasattr(self.stderr, "isatty") else False)
        try:
            preview = services.preview_file(
                path.name, data, kind=opts["kind"], actor=actor, year=year, progress=bar.update
            )
        except FileRefused as exc:
            bar.done()
            services.record_refusal(path.name, data, exc.message, actor=actor, kind=opts["kind"])
            self._fail(f"文件被拒绝：{exc.message}", 1)
        except PermissionDenied:
            self._fail("无权执行此导入", 1)
        bar.done()
        out = self.stdout
        out.write(f"文件：{path.name}  SHA-256：{preview.sha256}")
        out.write(f"预览：{preview.summary()}（用时 {time.perf_counter() - started:.1f} 秒）")
        for note in preview.notes:
            out.write(f"说明：{note}")
        for issue in preview.unknown_columns:
            out.write(f"未识别的列：{issue}")
        shown = 0
        for row in preview.rows:
            if row.outcome in (Outcome.UNCHANGED, Outcome.SKIPPED) or shown >= opts["show"]:
                continue
            shown += 1
            extra = f"（{'、'.join(row.changes)}）" if row.changes else ""
            out.write(
                f"  [{row.outcome_label}] {row.sheet} 第{row.row}行 {row.key} {row.name}{extra}"
            )
        if not preview.ok:
            for issue in preview.issues[:200]:
                sys.stderr.write(f"错误：{issue}\n")
            self._fail(f"有 {len(preview.issues)} 处错误，未写入任何数据", 2)
        if opts["dry_run"]:
            out.write("试运行：未写入任何数据")
            return
        if not preview.writes:
            out.write("没有需要写入的变化")
            return
        try:
            services.commit(preview, actor=actor)
        except (StaleVersionError, ValidationError, PermissionDenied) as exc:
            message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self._fail(f"导入失败，已全部撤销：{message or '无权限'}", 3)
        out.write(f"已导入：{preview.summary()}（共用时 {time.perf_counter() - started:.1f} 秒）")


class _Bar:
    """A text progress bar on stderr (rows read so far); silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def update(self, rows: int) -> None:
        if self.enabled:
            blocks = min(rows // 1000, 30)
            sys.stderr.write(f"\r读取中 [{'#' * blocks:<30}] {rows} 行")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
