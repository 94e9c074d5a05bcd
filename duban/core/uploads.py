"""Every file that comes in and every file that goes out (SECURITY.md E1, E2, E5).

One module vets every upload, whatever page it arrives on (report evidence, letter-reply
evidence, spreadsheet imports, documents for target intake), so the rules cannot drift apart
again: before this module the letter-reply path trusted the first bytes alone and accepted a
`%PDF-` file named `整改说明.hta`, then served it under that name.

A path declares a `Policy` (the kinds it accepts, a size limit, zip limits); `vet` then checks,
in this order, before anything is parsed or written:
1. the name: reduced to a bare file name without control or direction-override characters;
   its extension must be on the allow-list of the policy;
2. the size (the caller reads at most `max_bytes + 1`, so a huge file is never read whole);
3. the content: the kind is sniffed from the bytes (magic numbers; zip archives are opened
   with limits on entry count, names, encryption, uncompressed size and compression ratio
   before a single byte is inflated, then told apart as .docx/.xlsx/.pptx by their declared
   content types; macros are refused); the sniffed kind must be one the policy accepts *and*
   the one the extension names.

Every download leaves through `download_response`: `Content-Disposition: attachment` with a
safe name whose extension matches the content type served, `X-Content-Type-Options: nosniff`,
a sandboxing CSP and `Cache-Control: no-store`.

This module imports no domain app (it is part of the foundation) and reads no setting at
import time.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from defusedxml import ElementTree as SafeET
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class UploadRefused(ValueError):
    """A file that is refused, with a stable code (for tests and the audit) and a message."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Kind:
    """A kind of file: what its bytes look like is decided by `sniff`, the rest is here."""

    name: str
    extensions: tuple[str, ...]
    content_type: str
    label: Any = ""


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("jpeg", (".jpg", ".jpeg"), "image/jpeg", gettext_lazy("JPEG图片")),
        Kind("png", (".png",), "image/png", gettext_lazy("PNG图片")),
        Kind("gif", (".gif",), "image/gif", gettext_lazy("GIF图片")),
        Kind("webp", (".webp",), "image/webp", gettext_lazy("WebP图片")),
        Kind("pdf", (".pdf",), "application/pdf", gettext_lazy("PDF文档")),
        Kind(
            "docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            gettext_lazy("Word 文档"),
        ),
        Kind(
            "xlsx",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            gettext_lazy("Excel 表格"),
        ),
        Kind(
            "pptx",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            gettext_lazy("PowerPoint 演示文稿"),
        ),
        # Legacy binary Office files (OLE compound files), told apart by the stream they hold;
        # macros are refused (`ole_kind`). WPS saves .wps/.et in the same formats.
        Kind("doc", (".doc", ".wps"), "application/msword", gettext_lazy("Word 97-2003/WPS 文档")),
        Kind(
            "xls",
            (".xls", ".et"),
            "application/vnd.ms-excel",
            gettext_lazy("Excel 97-2003/WPS 表格"),
        ),
        Kind(
            "ods",
            (".ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
            gettext_lazy("OpenDocument 表格"),
        ),
        Kind("xml", (".xml",), "application/xml", gettext_lazy("Excel 2003 XML 表格")),
        # Text kinds: no magic number, so "text" is what is left once every binary signature
        # and NUL bytes are ruled out; the extension then says which text it is.
        Kind("csv", (".csv",), "text/csv", gettext_lazy("CSV表格")),
        Kind("txt", (".txt",), "text/plain", gettext_lazy("文本文件")),
        Kind("html", (".html", ".htm"), "text/html", gettext_lazy("网页文件")),
    )
}
TEXT_KINDS = frozenset({"csv", "txt", "html", "xml"})
# Stream names in an OLE compound file's directory (UTF-16LE): which document it holds, and
# the storages of VBA macros, which are never accepted.
_OLE_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
}
_OLE_MACROS = ("_VBA_PROJECT", "Macros", "VBA")
ODF_MIMETYPES = {"application/vnd.oasis.opendocument.spreadsheet": "ods"}
# Extensions refused with a message saying why, when a policy does not take them.
MACRO_EXTENSIONS = frozenset({".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm"})
LEGACY_OFFICE_EXTENSIONS = frozenset({".doc", ".xls", ".ppt", ".wps", ".et", ".dps"})

# Binary signatures that are never one of our kinds, named so the refusal can say what it is.
FOREIGN_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "exe"),
    (b"\x7fELF", "exe"),
    (b"\xcf\xfa\xed\xfe", "exe"),
    (b"\xfe\xed\xfa\xcf", "exe"),
    (b"#!", "script"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"{\\rtf", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
OOXML_MAIN: dict[str, str] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Characters that must never reach a stored name or a header: controls, and the Unicode
# direction overrides that make "gpj.exe" display as "exe.jpg".
_BIDI = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
)
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Policy:
    """What one upload path accepts. Zip limits are generous for real documents and tiny next
    to a zip bomb; `max_files` is the count limit of one batch, when the path has one."""

    kinds: frozenset[str]
    max_bytes: int
    max_entries: int = 2000
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 200
    max_files: int | None = None
    # Ratio is only judged on members large enough for it to matter (a tiny XML part may
    # compress 500:1 legitimately).
    ratio_floor: int = 1 << 20
    extensions: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds: {sorted(unknown)}")
        exts = tuple(ext for name in sorted(self.kinds) for ext in KINDS[name].extensions)
        object.__setattr__(self, "extensions", exts)

    @property
    def accept_attr(self) -> str:
        """The `accept` attribute of a file input for this policy."""
        return ",".join(self.extensions)


@dataclass(frozen=True)
class Vetted:
    """A file that passed every check: its safe name, what it is, and its bytes."""

    name: str
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str
    data: bytes = field(repr=False)


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}MB" if size >= 1024 * 1024 else f"{size / 1024:.0f}KB"


def safe_name(name: str, *, default: str = "") -> str:
    """A bare file name fit to store and to put in a header: no directories, no control or
    direction-override characters, no leading dots, at most MAX_NAME_LENGTH characters with
    the extension kept."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1].translate(_BIDI)
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = text.replace('"', "'").strip().lstrip(".").strip()
    if len(text) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(text)
        ext = ext[:16]
        text = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return text or default


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def sniff(data: bytes) -> str | None:
    """The kind told by the first bytes: one of KINDS' binary kinds, "zip" (maybe OOXML,
    checked further), a FOREIGN_MAGICS tag, "text", or None for unknown binary."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    for magic, tag in FOREIGN_MAGICS:
        if head.startswith(magic):
            return tag
    if looks_like_text(data):
        return "text"
    return None


def looks_like_text(data: bytes) -> bool:
    """No NUL byte in the first 64 KiB (UTF-16 with a BOM excepted): text, not a binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in data[:65536]


def check_archive(
    data: bytes,
    *,
    max_entries: int,
    max_uncompressed: int,
    max_ratio: int,
    ratio_floor: int = 1 << 20,
    label: str = "",
) -> zipfile.ZipFile:
    """Open a zip and judge it by its central directory before anything is inflated (E2):
    entry count, absolute or "../" names, encrypted members, declared sizes and ratios."""
    where = label or _("压缩文件")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        # A damaged central directory can name an unknown compression method or fail to
        # inflate: both are a broken file, never a 500 (found by the spreadsheet fuzzing).
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise UploadRefused(
            "corrupt_zip", _("%(w)s已损坏，无法打开压缩结构") % {"w": where}
        ) from exc
    if len(infos) > max_entries:
        raise UploadRefused(
            "zip_entries",
            _("%(w)s内部文件过多（%(n)d 个，上限 %(max)d）")
            % {"w": where, "n": len(infos), "max": max_entries},
        )
    total = 0
    compressed = 0
    for info in infos:
        path = info.filename.replace("\\", "/")
        if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"):
            raise UploadRefused(
                "zip_path", _("%(w)s内含非法路径“%(p)s”，已拒绝") % {"w": where, "p": path[:80]}
            )
        if info.flag_bits & 0x1:
            raise UploadRefused(
                "encrypted", _("%(w)s内部文件已加密，请取消密码后再上传") % {"w": where}
            )
        total += info.file_size
        compressed += info.compress_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ratio_floor and ratio > max_ratio:
            raise UploadRefused(
                "zip_bomb",
                _("疑似压缩炸弹：内部文件“%(p)s”压缩比 %(r).0f:1，上限 %(max)d:1")
                % {"p": path[:60], "r": ratio, "max": max_ratio},
            )
    if total > max_uncompressed:
        raise UploadRefused(
            "zip_bomb",
            _("疑似压缩炸弹：解压后共 %(n).0f MB，上限 %(max).0f MB")
            % {"n": total / 1048576, "max": max_uncompressed / 1048576},
        )
    if total > ratio_floor and total / max(compressed, 1) > max_ratio:
        raise UploadRefused("zip_bomb", _("疑似压缩炸弹：整体压缩比过高"))
    return archive


def ole_kind(data: bytes, *, label: str = "") -> str | None:
    """doc or xls for an OLE compound file holding a Word or Excel stream, None for any other
    (a .ppt, an installer); one carrying VBA macros is refused outright."""
    where = label or _("文件")
    if any(name.encode("utf-16-le") in data for name in _OLE_MACROS):
        raise UploadRefused(
            "macro", _("%(w)s含有宏，不允许上传，请另存为不含宏的格式") % {"w": where}
        )
    for kind, streams in _OLE_STREAMS.items():
        if any(stream.encode("utf-16-le") in data for stream in streams):
            return kind
    return None


def odf_kind(archive: zipfile.ZipFile) -> str | None:
    """ods for an OpenDocument spreadsheet (its first entry `mimetype` says so), else None."""
    try:
        with archive.open("mimetype") as fh:
            mimetype = fh.read(200).decode("ascii", "replace").strip()
    except KeyError:
        return None
    return ODF_MIMETYPES.get(mimetype)


def ooxml_kind(archive: zipfile.ZipFile, *, label: str = "") -> str:
    """docx/xlsx/pptx, from `[Content_Types].xml` read with defusedxml; macros are refused."""
    where = label or _("文件")
    names = {info.filename.replace("\\", "/").lower() for info in archive.infolist()}
    if any(n.endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            "macro", _("%(w)s含有宏，不允许上传，请另存为不含宏的格式") % {"w": where}
        )
    bad = UploadRefused(
        "not_office",
        _("%(w)s不是有效的 Office 文档（.docx/.xlsx/.pptx），请检查后重新上传") % {"w": where},
    )
    try:
        with archive.open("[Content_Types].xml") as fh:
            root = SafeET.fromstring(fh.read(1024 * 1024))
    except Exception as exc:  # any parser failure is one clean "invalid file" (E3)
        raise bad from exc
    kinds = set()
    for element in root.iter():
        content_type = (element.get("ContentType") or "").lower()
        if "macroenabled" in content_type or "vbaproject" in content_type:
            raise UploadRefused(
                "macro", _("%(w)s含有宏，不允许上传，请另存为不含宏的格式") % {"w": where}
            )
        if element.tag == f"{_CT_NS}Override" and content_type in OOXML_MAIN:
            kinds.add(OOXML_MAIN[content_type])
    if len(kinds) != 1:
        raise bad
    return kinds.pop()


def _allowed_text(policy: Policy) -> str:
    return "、".join(policy.extensions)


def vet(name: str, data: bytes, policy: Policy, *, label: str = "") -> Vetted:
    """Check one file against `policy`; return what it is or raise UploadRefused.

    Reads nothing but `data` and writes nothing: a refused file leaves no trace but the
    caller's audit row.
    """
    clean = safe_name(name)
    where = label or _("文件“%(n)s”") % {"n": clean or _("未命名")}
    extension = extension_of(clean)
    if extension not in policy.extensions and extension in MACRO_EXTENSIONS:
        raise UploadRefused(
            "macro", _("%(w)s含有宏，不允许上传，请另存为不含宏的格式") % {"w": where}
        )
    if extension not in policy.extensions and extension in LEGACY_OFFICE_EXTENSIONS:
        raise UploadRefused(
            "legacy_office",
            _("%(w)s：不接受旧版 Office 格式（.doc/.xls/.ppt），请另存为 .docx/.xlsx/.pptx 或 PDF")
            % {"w": where},
        )
    if extension not in policy.extensions:
        raise UploadRefused(
            "extension",
            _("%(w)s：不接受扩展名“%(e)s”，只接受 %(allowed)s")
            % {"w": where, "e": extension or _("无"), "allowed": _allowed_text(policy)},
        )
    if not data:
        raise UploadRefused("empty", _("%(w)s是空文件") % {"w": where})
    if len(data) > policy.max_bytes:
        raise UploadRefused(
            "too_large",
            _("%(w)s过大，单个文件不能超过%(max)s")
            % {"w": where, "max": human_size(policy.max_bytes)},
        )
    sniffed = sniff(data)
    kind: str | None
    if sniffed == "zip":
        archive = check_archive(
            data,
            max_entries=policy.max_entries,
            max_uncompressed=policy.max_uncompressed,
            max_ratio=policy.max_ratio,
            ratio_floor=policy.ratio_floor,
            label=where,
        )
        kind = odf_kind(archive) or ooxml_kind(archive, label=where)
    elif sniffed == "text":
        # A text has no signature: the extension says which text it is, if the policy takes it.
        kind = next((k for k in TEXT_KINDS if extension in KINDS[k].extensions), None)
    elif sniffed == "ole":
        kind = ole_kind(data, label=where)
        if kind is None or kind not in policy.kinds:
            raise UploadRefused(
                "legacy_office",
                _(
                    "%(w)s：不接受旧版 Office 格式（.doc/.xls/.ppt），"
                    "请另存为 .docx/.xlsx/.pptx 或 PDF"
                )
                % {"w": where},
            )
    else:
        kind = sniffed if sniffed in KINDS else None
    if kind is None or kind not in policy.kinds:
        named = next(k for k in KINDS.values() if extension in k.extensions)
        raise UploadRefused(
            "content",
            _(
                "%(w)s：文件内容不是允许的类型（不是有效的 %(k)s）。"
                "只接受 %(allowed)s（按文件内容识别）"
            )
            % {"w": where, "k": named.label, "allowed": _allowed_text(policy)},
        )
    if extension not in KINDS[kind].extensions:
        raise UploadRefused(
            "mismatch",
            _("%(w)s：文件扩展名“%(e)s”与实际内容（%(k)s）不符，请使用正确的文件")
            % {"w": where, "e": extension, "k": KINDS[kind].label},
        )
    return Vetted(
        name=clean,
        kind=kind,
        extension=extension,
        content_type=KINDS[kind].content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def read_limited(upload: Any, max_bytes: int, *, label: str = "") -> bytes:
    """The bytes of an uploaded file, refusing one larger than `max_bytes` without reading
    more than one byte past the limit (the declared size is checked first)."""
    where = label or _("文件“%(n)s”") % {"n": safe_name(getattr(upload, "name", "")) or _("未命名")}
    declared = int(getattr(upload, "size", 0) or 0)
    too_large = UploadRefused(
        "too_large",
        _("%(w)s过大（%(s)s），单个文件不能超过%(max)s")
        % {"w": where, "s": human_size(declared), "max": human_size(max_bytes)},
    )
    if declared > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > max_bytes:
        raise too_large
    return bytes(data)


def vet_upload(upload: Any, policy: Policy, *, label: str = "") -> Vetted:
    """`vet` for a Django UploadedFile (or anything with name, size and read)."""
    data = read_limited(upload, policy.max_bytes, label=label)
    return vet(str(getattr(upload, "name", "") or ""), data, policy, label=label)


def check_count(count: int, policy: Policy, *, already: int = 0, label: str = "") -> None:
    if policy.max_files is not None and already + count > policy.max_files:
        where = f"{label}：" if label else ""
        raise UploadRefused(
            "too_many",
            _("%(w)s佐证材料最多%(max)d个，已有%(a)d个，本次上传%(n)d个")
            % {"w": where, "max": policy.max_files, "a": already, "n": count},
        )


# --- downloads ---

_EXTENSIONS_BY_TYPE: dict[str, tuple[str, ...]] = {
    k.content_type: k.extensions for k in KINDS.values()
}
_EXTENSIONS_BY_TYPE["text/csv; charset=utf-8"] = (".csv",)
_EXTENSIONS_BY_TYPE["application/json"] = (".json",)


def download_name(name: str, content_type: str) -> str:
    """A safe name whose extension is one of the content type's: `整改说明.hta` served as PDF
    becomes `整改说明.hta.pdf`, so the browser never saves it as something that runs."""
    clean = safe_name(name, default="download")
    allowed = _EXTENSIONS_BY_TYPE.get(
        content_type.split(";")[0].strip().lower()
    ) or _EXTENSIONS_BY_TYPE.get(content_type.lower())
    if not allowed:
        return clean if extension_of(clean) == ".bin" else clean + ".bin"
    if extension_of(clean) in allowed:
        return clean
    return clean + allowed[0]


def protect_download(response: HttpResponseBase, *, filename: str, content_type: str) -> None:
    """The headers every file leaving duban carries (E5, and no-store for exports)."""
    response["Content-Type"] = content_type
    response["Content-Disposition"] = (
        content_disposition_header(True, download_name(filename, content_type)) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"


def download_response(
    content: bytes | IO[bytes] | Iterable[bytes] | Iterable[str],
    *,
    filename: str,
    content_type: str,
) -> HttpResponseBase:
    """The one way duban serves a file: bytes, an open binary file or an iterator of chunks,
    always as an attachment under a safe name, never sniffed, never cached."""
    response: HttpResponseBase
    if isinstance(content, bytes | bytearray):
        response = HttpResponse(bytes(content), content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)  # type: ignore[arg-type]
    else:
        response = StreamingHttpResponse(_as_iterator(content), content_type=content_type)
    protect_download(response, filename=filename, content_type=content_type)
    return response


def _as_iterator(chunks: Iterable[Any]) -> Iterator[Any]:
    yield from chunks
