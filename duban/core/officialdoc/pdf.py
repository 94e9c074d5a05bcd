"""PDF with embedded fonts, made by LibreOffice headless (`soffice --convert-to pdf`).

OA systems and printers take PDF; LibreOffice embeds (subsets of) the fonts it used, so the
PDF reads the same everywhere. Set-up installs Debian's libreoffice-writer-nogui and the
font aliases (`fonts/65-duban-gov-fonts.conf`) that map the government font names onto the
Noto CJK fonts where the originals are missing.

Each conversion runs with its own throw-away LibreOffice profile: two conversions at the same
time (two users downloading, a test and a server) never share, and so never lock, a profile.
"""

from __future__ import annotations

# subprocess runs fixed programs (soffice, poppler) with arguments we build, never a shell.
import os
import shutil
import subprocess  # nosec B404
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

TIMEOUT_SECONDS = 180
FONT_ALIASES = Path(__file__).with_name("fonts") / "65-duban-gov-fonts.conf"


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, failed, or produced no PDF."""


def soffice_path() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def writer_available() -> bool:
    """soffice alone may be Calc only; a .docx needs the Writer component."""
    if soffice_path() is None:
        return False
    program = Path(soffice_path() or "").resolve().parent
    return any(program.glob("libswlo.so")) or any(program.glob("swlo.dll"))


def _fontconfig_file(directory: Path) -> Path:
    """The system's fontconfig set-up plus our aliases, so the conversion finds a face for
    仿宋_GB2312 and 方正小标宋简体 even where set-up could not install the aliases system-wide."""
    system = Path(os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf")
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(str(system))}</include>\n'
        f'  <include ignore_missing="yes">{escape(str(FONT_ALIASES))}</include>\n'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def convert_to_pdf(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in out_dir (one LibreOffice start for all of them)."""
    soffice = soffice_path()
    if soffice is None or not writer_available():
        raise PdfConversionError(
            "未安装 LibreOffice Writer，无法生成 PDF（scripts/system-deps.sh 安装 "
            "libreoffice-writer-nogui）"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as profile:
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig_file(Path(profile)))}
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(s) for s in sources],
        ]
        try:
            result = subprocess.run(  # noqa: S603  # nosec B603
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=env
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice 转换超时（{TIMEOUT_SECONDS} 秒）") from exc
    outputs = [out_dir / (Path(s).stem + ".pdf") for s in sources]
    missing = [p.name for p in outputs if not p.exists() or p.stat().st_size == 0]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-400:]
        raise PdfConversionError(f"LibreOffice 未能生成 {', '.join(missing) or 'PDF'}：{detail}")
    return outputs


def docx_to_pdf_bytes(data: bytes, name: str = "document") -> bytes:
    """The PDF of one .docx given as bytes (for downloads)."""
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as work:
        source = Path(work) / f"{name}.docx"
        source.write_bytes(data)
        (pdf,) = convert_to_pdf([source], Path(work) / "out")
        return pdf.read_bytes()
