"""Evidence files attached to letter replies (SECURITY.md E1, E5).

Vetted by the one upload module (`duban.core.uploads`): the name's extension must be on the
allow-list *and* match the content (a `%PDF-` file named `整改说明.hta` is refused); only
images and PDF are accepted. Files live under MEDIA_ROOT (outside the web root) with random
names; the original Chinese name is metadata, and only an authorising view streams them back.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from duban.core import uploads

MAX_BYTES = 10 * 1024 * 1024
SUBDIR = "supervision"
POLICY = uploads.Policy(kinds=frozenset({"pdf", "png", "jpeg"}), max_bytes=MAX_BYTES)


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str


def check(upload: UploadedFile) -> CheckedFile:
    """Read and vet an upload in memory; nothing touches the disk until it passes."""
    try:
        vetted = uploads.vet_upload(upload, POLICY, label=_("佐证文件"))
    except uploads.UploadRefused as exc:
        raise ValidationError({"evidence": exc.message}, code=exc.code) from exc
    return CheckedFile(vetted.data, vetted.content_type, vetted.extension.lstrip("."), vetted.name)


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / SUBDIR


def save(checked: CheckedFile) -> str:
    """Write under a random name; returns the stored name (never a user-chosen path)."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{checked.extension}"
    # O_EXCL: a random name that already exists is never overwritten; 0600, nobody else reads.
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(checked.data)
    return name


def path_of(stored: str) -> Path:
    """The file of a stored name; refuses anything that is not one of our random names."""
    if not stored or "/" in stored or "\\" in stored or stored.startswith("."):
        raise FileNotFoundError(stored)
    return root() / stored


def remove(stored: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored).unlink(missing_ok=True)
