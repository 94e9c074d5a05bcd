"""Masking personal numbers for display (SECURITY.md H2, C6)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****1234: enough to recognise, not enough to call. Short values are fully masked."""
    digits = (phone or "").strip()
    if not digits:
        return ""
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
