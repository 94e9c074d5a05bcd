"""Factories for dispatch tests: real files of every kind (and bad ones), node templates."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from duban.projects.choices import DateRule, Stage
from duban.projects.models import Category, NodeTemplate, TemplateNode

# A valid 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("施工许可证")
    document.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "投资"
    book.save(buf)
    return buf.getvalue()


def xlsm_bytes() -> bytes:
    """An .xlsx turned into a macro workbook: macroEnabled content type and a vbaProject.bin."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(info, data)
        target.writestr("xl/vbaProject.bin", b"\x00" * 128)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(name: str = "施工许可证.png") -> Any:
    return upload(name, PNG, "image/png")


def standard_template(category: Category | None = None, **kw: Any) -> NodeTemplate:
    """签约 → 施工许可 → 开工 (needs the permit photo) → 竣工验收, dated from the plan start."""
    template = NodeTemplate.objects.create(name=kw.pop("name", "测试节点模板"), category=category)
    rows = [
        ("签约", DateRule.AFTER_START, -30, False, "", Stage.SIGNED),
        ("施工许可", DateRule.AFTER_PREVIOUS, 20, False, "", ""),
        ("规划许可", DateRule.AFTER_PREVIOUS, 10, True, "", ""),
        ("开工", DateRule.AFTER_START, 0, False, "施工许可证照片", Stage.STARTED),
        ("竣工验收", DateRule.FIXED, 0, False, "竣工验收备案表", Stage.COMPLETED),
    ]
    for i, (name, rule, offset, parallel, evidence, stage) in enumerate(rows, 1):
        TemplateNode.objects.create(
            template=template, order=i, name=name, date_rule=rule, offset_days=offset,
            parallel=parallel, required_evidence=evidence, triggers_stage=stage,
            fixed_month=12 if rule == DateRule.FIXED else None,
            fixed_day=20 if rule == DateRule.FIXED else None,
        )  # fmt: skip
    return template


class TempMedia:
    """Mixin: MEDIA_ROOT (and the upload temp dir) in a fresh directory for each test."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.media = tempfile.mkdtemp(prefix="duban-media-")
        self.upload_tmp = tempfile.mkdtemp(prefix="duban-uploadtmp-")
        self._override = override_settings(
            MEDIA_ROOT=self.media, FILE_UPLOAD_TEMP_DIR=self.upload_tmp
        )
        self._override.enable()

    def tearDown(self) -> None:
        self._override.disable()
        shutil.rmtree(self.media, ignore_errors=True)
        shutil.rmtree(self.upload_tmp, ignore_errors=True)
        super().tearDown()  # type: ignore[misc]

    def stored_files(self) -> list[str]:
        import os

        return [f for _, _, files in os.walk(self.media) for f in files]
