"""Personal numbers never reach the trail in full (SECURITY.md C6, H2).

`user.created` / `user.updated` once stored whole phone numbers in before/after, and the CSV
export handed them on. Values are masked as the pages mask them (138****1234) when a row is
written, under known personal keys and wherever a mobile or ID-card number appears in text;
the trail's pages and export mask again on the way out, for rows written before this rule.
"""

from __future__ import annotations

import re
from typing import Any

PERSONAL_KEYS = frozenset({"phone", "mobile", "telephone", "id_number", "id_card"})
# A mainland mobile number or an 18-character resident ID, not part of a longer token (so a
# hash or a project code is left alone).
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_number(value: str) -> str:
    """138****1234: enough to recognise, not enough to call; short values fully masked."""
    digits = (value or "").strip()
    if not digits:
        return ""
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_text(text: str) -> str:
    if len(text) < 11:  # shorter than any mobile (11 digits) or ID (18): nothing to mask
        return text
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 11 + m.group(3)[-1], text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)


def mask_personal(value: Any, key: str = "") -> Any:
    """`value` with personal numbers masked, recursively through dicts and lists."""
    if isinstance(value, dict):
        return {k: mask_personal(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_personal(v, key) for v in value]
    if isinstance(value, str):
        if key.lower() in PERSONAL_KEYS:
            return mask_number(value)
        return mask_text(value)
    if isinstance(value, int) and key.lower() in PERSONAL_KEYS:
        return mask_number(str(value))
    return value
