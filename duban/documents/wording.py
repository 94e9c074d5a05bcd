"""The wording of a document (发文机关标志, 文号 prefix, title, 主送, opening and closing
paragraphs, 署名, 抄送, 印发) as plain data, with the placeholders each kind may use.

Generators read a `Wording` and never a model: the bulletin freezes the wording it was
published with into its content, a letter keeps the wording it was issued with, and an edit of
the template afterwards changes neither. Placeholders are `{name}` from a fixed list per kind,
substituted by a regular expression, never by `str.format` (a template is user input, and
format strings can reach attributes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.documents.choices import DocumentKind

# The values each generator supplies, by kind; a template may use these and no others.
PLACEHOLDERS: dict[str, dict[str, Any]] = {
    DocumentKind.BULLETIN: {
        "district": _("区县名称"),
        "campaign": _("专项行动名称"),
        "period": _("通报期间，如“2021年第3季度”“2021年9月”"),
        "signature": _("发文机关署名"),
    },
    DocumentKind.LETTER: {
        "district": _("区县名称"),
        "unit": _("主送单位"),
        "subject": _("督办事项"),
        "subject_kind": _("“项目”或“目标任务”"),
        "month": _("亮灯月份，如“2021年9月”"),
        "gap": _("差距说明（序时进度、实际完成、落后百分点）"),
        "deadline": _("回函期限，如“2021年9月30日”"),
    },
    DocumentKind.MINUTES: {
        "district": _("区县名称"),
        "meeting": _("会议名称"),
        "date": _("会议日期"),
    },
    DocumentKind.RESPONSIBILITY: {
        "district": _("区县名称"),
        "unit": _("责任单位"),
        "year": _("年度"),
    },
}
# Fields whose text may hold placeholders; the others are printed as written.
TEMPLATED_FIELDS = ("title", "addressee", "opening", "closing")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_LIST_SEPARATORS = re.compile(r"[，,、；;\n]+")


def unknown_placeholders(kind: str, text: str) -> list[str]:
    """Placeholders in text that the kind does not supply (a typo, or `{0.__class__}`)."""
    allowed = PLACEHOLDERS.get(kind, {})
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in allowed})


def fill(text: str, values: Mapping[str, object]) -> str:
    """Text with each `{name}` replaced by its value; unknown names are left as written."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


def split_list(text: str) -> list[str]:
    """抄送机关 typed as 区委办、区政府办 or one per line → ["区委办", "区政府办"]."""
    return [part.strip().rstrip("。") for part in _LIST_SEPARATORS.split(text) if part.strip()]


@dataclass(frozen=True)
class Wording:
    """One version of a kind's wording; `version` 0 is the built-in default."""

    kind: str
    issuer_mark: str
    number_prefix: str
    title: str
    addressee: str = ""
    opening: str = ""
    closing: str = ""
    signature: str = ""
    cc: str = ""
    printer: str = ""
    version: int = 0

    def number(self, year: int, serial: int) -> str:
        """发文字号 (GB/T 9704 §7.2.4): year in full in 〔〕, serial without 第 or padding."""
        return f"{self.number_prefix}〔{year}〕{serial}号"

    def filled(self, name: str, values: Mapping[str, object]) -> str:
        return fill(str(getattr(self, name)), values)

    def paragraphs(self, name: str, values: Mapping[str, object]) -> list[str]:
        """A multi-line field (opening, closing) as paragraphs, placeholders filled."""
        return [line.strip() for line in self.filled(name, values).splitlines() if line.strip()]

    @property
    def cc_list(self) -> list[str]:
        return split_list(self.cc)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Wording:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
