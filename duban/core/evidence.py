"""Evidence uploads of any record (duban.files; SECURITY.md E1, E5): vetted by the one
upload module, stored outside the web root under random names.

What is accepted is this module's `POLICY` (JPEG/PNG/GIF/WebP images, PDF, OOXML
.docx/.xlsx/.pptx; macros and legacy OLE documents refused), checked by `duban.core.uploads`:
name and extension allow-list, size, content sniffing, zip limits before anything is inflated.
Everything is validated before anything is written, so a rejected batch writes nothing.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core import uploads


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
EVIDENCE_KINDS = frozenset(EvidenceKind.values)
ACCEPT_ATTR = uploads.Policy(kinds=EVIDENCE_KINDS, max_bytes=1).accept_attr
ALLOWED_TEXT = "图片（JPG、PNG、GIF、WebP）、PDF、Word/Excel/PowerPoint（.docx/.xlsx/.pptx）"


def max_bytes() -> int:
    return int(getattr(settings, "DUBAN_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files() -> int:
    return int(getattr(settings, "DUBAN_EVIDENCE_MAX_FILES", DEFAULT_MAX_FILES))


def policy() -> uploads.Policy:
    """The evidence policy, with the limits of the settings as they are now."""
    return uploads.Policy(kinds=EVIDENCE_KINDS, max_bytes=max_bytes(), max_files=max_files())


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


def check_upload(upload: Any, *, label: str = "") -> CheckedFile:
    """Validate one upload by name, size and content; raise ValidationError with a Chinese
    message naming the file. Reads the file once; writes nothing."""
    try:
        vetted = uploads.vet_upload(upload, policy(), label=label)
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    return CheckedFile(
        upload=upload,
        original_name=vetted.name,
        kind=vetted.kind,
        content_type=vetted.content_type,
        size=vetted.size,
        sha256=vetted.sha256,
        extension=vetted.extension,
    )


def check_uploads(
    uploads_: Sequence[Any], *, already: int = 0, label: str = ""
) -> list[CheckedFile]:
    """Validate a batch, including the count limit (files already attached count too)."""
    try:
        uploads.check_count(len(uploads_), policy(), already=already, label=label)
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    return [check_upload(upload) for upload in uploads_]


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
