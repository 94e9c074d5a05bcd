"""Evidence uploads (SECURITY.md E1, E5): checked by content, stored outside the web root.

A file is accepted only when its bytes are one of the allowed kinds (JPEG/PNG/GIF/WebP images,
PDF, OOXML .docx/.xlsx/.pptx) *and* its name's extension belongs to that kind; the name alone
proves nothing (a renamed .exe starts with "MZ", not with an image signature).

OOXML files are zips: they are opened with limits before anything is parsed (entry count,
total uncompressed size, compression ratio, no absolute or "../" names), their
`[Content_Types].xml` is read with defusedxml and must declare the document's main part, and
any macro part (vbaProject.bin, macroEnabled content types: .docm/.xlsm/.pptm) is refused.

Legacy OLE documents (.doc/.xls/.ppt) are refused: they can carry macros that cannot be
inspected cheaply, and every office suite in use saves the OOXML or PDF forms.

Everything is validated before anything is written, so a rejected batch writes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import secrets
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    """Kinds of evidence files, recognised by content, never by the file name."""

    JPEG = "jpeg", _("JPEG图片")
    PNG = "png", _("PNG图片")
    GIF = "gif", _("GIF图片")
    WEBP = "webp", _("WebP图片")
    PDF = "pdf", _("PDF文档")
    DOCX = "docx", _("Word文档")
    XLSX = "xlsx", _("Excel表格")
    PPTX = "pptx", _("PowerPoint演示文稿")


DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES = 20
# Zip limits for OOXML: generous for real documents, tiny next to a zip bomb.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TOTAL = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200

EXTENSIONS: dict[str, tuple[str, ...]] = {
    EvidenceKind.JPEG: (".jpg", ".jpeg"),
    EvidenceKind.PNG: (".png",),
    EvidenceKind.GIF: (".gif",),
    EvidenceKind.WEBP: (".webp",),
    EvidenceKind.PDF: (".pdf",),
    EvidenceKind.DOCX: (".docx",),
    EvidenceKind.XLSX: (".xlsx",),
    EvidenceKind.PPTX: (".pptx",),
}
CONTENT_TYPES: dict[str, str] = {
    EvidenceKind.JPEG: "image/jpeg",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.GIF: "image/gif",
    EvidenceKind.WEBP: "image/webp",
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    EvidenceKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OOXML_MAIN: dict[str, str] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        EvidenceKind.DOCX
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        EvidenceKind.XLSX
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        EvidenceKind.PPTX
    ),
}
ACCEPT_ATTR = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)
ALLOWED_TEXT = "图片（JPG、PNG、GIF、WebP）、PDF、Word/Excel/PowerPoint（.docx/.xlsx/.pptx）"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def max_bytes() -> int:
    return int(getattr(settings, "DUBAN_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files() -> int:
    return int(getattr(settings, "DUBAN_EVIDENCE_MAX_FILES", DEFAULT_MAX_FILES))


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what we learnt about it."""

    upload: Any
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    extension: str


def _human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}MB" if size >= 1024 * 1024 else f"{size / 1024:.0f}KB"


def _sniff(head: bytes) -> str | None:
    """The kind told by the first bytes; zip means "maybe OOXML", checked further."""
    if head.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return EvidenceKind.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return EvidenceKind.WEBP
    if head.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _ooxml_kind(data: bytes, label: str) -> str:
    """Check a zip as an OOXML document and return its kind; refuse macros and bombs."""
    bad = ValidationError(f"{label}：不是有效的 Office 文档（.docx/.xlsx/.pptx），请检查后重新上传")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise bad from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise bad
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/"):
            raise bad
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            raise bad
        if name.lower().endswith("vbaproject.bin"):
            raise ValidationError(f"{label}：文件含有宏，不允许上传，请另存为不含宏的格式")
    if total > ZIP_MAX_TOTAL:
        raise bad
    try:
        with archive.open("[Content_Types].xml") as fh:
            root = SafeET.fromstring(fh.read(1024 * 1024))
    except Exception as exc:  # any parser failure is one clean "invalid file" (E3)
        raise bad from exc
    kinds = set()
    for element in root.iter(f"{_CT_NS}Override"):
        content_type = (element.get("ContentType") or "").lower()
        if "macroenabled" in content_type or "vbaproject" in content_type:
            raise ValidationError(f"{label}：文件含有宏，不允许上传，请另存为不含宏的格式")
        for main, kind in OOXML_MAIN.items():
            if content_type == main:
                kinds.add(kind)
    if len(kinds) != 1:
        raise bad
    return kinds.pop()


def check_upload(upload: Any, *, label: str = "") -> CheckedFile:
    """Validate one upload by size and content; raise ValidationError with a Chinese message
    naming the file. Reads the file once; writes nothing."""
    original = os.path.basename(str(getattr(upload, "name", "") or "")).strip()[:255]
    label = label or f"文件“{original or '未命名'}”"
    size = int(getattr(upload, "size", 0) or 0)
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            f"{label}过大（{_human_size(size)}），单个文件不能超过{_human_size(limit)}"
        )
    if size == 0:
        raise ValidationError(f"{label}是空文件")
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(f"{label}过大，单个文件不能超过{_human_size(limit)}")
    kind = _sniff(data[:16])
    if kind == "ole":
        raise ValidationError(
            f"{label}：不接受旧版 Office 格式（.doc/.xls/.ppt），请另存为 .docx/.xlsx/.pptx 或 PDF"
        )
    if kind == "zip":
        kind = _ooxml_kind(data, label)
    if kind is None:
        raise ValidationError(f"{label}：文件内容不是允许的类型。只接受{ALLOWED_TEXT}")
    extension = os.path.splitext(original)[1].lower()
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            f"{label}：文件扩展名“{extension or '无'}”与实际内容（{EvidenceKind(kind).label}）"
            f"不符，请使用正确的文件"
        )
    return CheckedFile(
        upload=upload,
        original_name=original,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        extension=extension,
    )


def check_uploads(
    uploads: Sequence[Any], *, already: int = 0, label: str = ""
) -> list[CheckedFile]:
    """Validate a batch, including the count limit (files already attached count too)."""
    limit = max_files()
    if already + len(uploads) > limit:
        where = f"{label}：" if label else ""
        raise ValidationError(
            f"{where}佐证材料最多{limit}个，已有{already}个，本次上传{len(uploads)}个"
        )
    return [check_upload(upload) for upload in uploads]


def write_files(checked: Iterable[CheckedFile]) -> list[tuple[CheckedFile, str]]:
    """Write validated files under MEDIA_ROOT/evidence with random names; return the names.

    Called inside the caller's transaction; `discard` removes them if that transaction fails.
    """
    root = evidence_root()
    written: list[tuple[CheckedFile, str]] = []
    try:
        for item in checked:
            stored = f"{secrets.token_hex(16)}{item.extension}"
            root.mkdir(parents=True, exist_ok=True)
            path = root / stored
            item.upload.seek(0)
            # O_EXCL: a random name that already exists is never overwritten.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
            with os.fdopen(fd, "wb") as out:
                for chunk in iter(functools.partial(item.upload.read, 64 * 1024), b""):
                    out.write(chunk)
            written.append((item, stored))
    except BaseException:
        discard(name for _, name in written)
        raise
    return written


def discard(stored_names: Iterable[str]) -> None:
    for name in stored_names:
        (evidence_root() / name).unlink(missing_ok=True)


def path_of(stored_name: str) -> Path:
    """The file behind a stored name; names are ours (hex + extension), never user input."""
    path = (evidence_root() / stored_name).resolve()
    if path.parent != evidence_root().resolve():
        raise ValueError("invalid stored name")
    return path


def is_upload(value: Any) -> bool:
    return isinstance(value, UploadedFile) or hasattr(value, "read")
