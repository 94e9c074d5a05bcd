"""Evidence files attached to letter replies (SECURITY.md E1, E5).

Type is decided by the file's first bytes, never by its name or the browser's claim; only
images and PDF are accepted. Files live under MEDIA_ROOT (outside the web root) with random
names; the original Chinese name is metadata, and only an authorising view streams them back.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_BYTES = 10 * 1024 * 1024
SUBDIR = "supervision"
# magic prefix → (content type, extension)
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def check(upload: UploadedFile) -> CheckedFile:
    """Read and vet an upload in memory; nothing touches the disk until it passes."""
    size = upload.size or 0
    if size > MAX_BYTES:
        raise ValidationError({"evidence": f"佐证文件：不能超过{MAX_BYTES // 1024 // 1024}MB"})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"evidence": f"佐证文件：不能超过{MAX_BYTES // 1024 // 1024}MB"})
    if not data:
        raise ValidationError({"evidence": "佐证文件：文件为空"})
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError({"evidence": "佐证文件：只接受 PDF、PNG、JPEG（按文件内容识别）"})
    name = Path(str(upload.name or "佐证文件")).name.replace("\n", " ").replace("\r", " ")[:200]
    return CheckedFile(data, kind[0], kind[1], name)


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / SUBDIR


def save(checked: CheckedFile) -> str:
    """Write under a random name; returns the stored name (never a user-chosen path)."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{checked.extension}"
    (folder / name).write_bytes(checked.data)
    return name


def path_of(stored: str) -> Path:
    """The file of a stored name; refuses anything that is not one of our random names."""
    if not stored or "/" in stored or "\\" in stored or stored.startswith("."):
        raise FileNotFoundError(stored)
    return root() / stored


def remove(stored: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored).unlink(missing_ok=True)
