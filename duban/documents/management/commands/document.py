"""`duban document bulletin --quarter 2021Q3 --out FILE.docx [--pdf]`,
`duban document bulletin --month 2021-09 --out FILE.docx [--pdf]`,
`duban document letter --number 3 --year 2021 --out FILE.docx [--pdf]`.

Writes the document in the GB/T 9704-2012 format; with --pdf also FILE.pdf beside it (fonts
embedded, by LibreOffice). Each document written is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.audit.services import record
from duban.core.officialdoc import PdfConversionError, convert_to_pdf
from duban.documents.registry import document_commands


class Command(BaseCommand):
    help = "按 GB/T 9704-2012 公文格式生成通报、督办函（.docx，加 --pdf 同时生成 PDF）"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for command in document_commands().values():
            sub = kinds.add_parser(command.name, help=command.help)
            command.add_arguments(sub)
            sub.add_argument("--out", required=True, help="输出文件，如 bulletin.docx")
            sub.add_argument("--pdf", action="store_true", help="同时在旁边生成同名 PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        command = document_commands()[options["kind"]]
        generated = command.build(options)
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError(f"输出文件应以 .docx 结尾：{out}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(generated.docx)
        written = [out]
        if options["pdf"]:
            try:
                (pdf,) = convert_to_pdf([out], out.parent)
            except PdfConversionError as exc:
                raise CommandError(str(exc)) from exc
            written.append(pdf)
        record(
            "document.generated",
            object_type=f"document.{command.name}",
            object_repr=generated.title,
            detail={"files": [p.name for p in written]},
            username="cli",
        )
        for warning in generated.warnings:
            self.stderr.write(f"注意：{warning}")
        for path in written:
            self.stdout.write(str(path))
