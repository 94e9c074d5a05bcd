"""Placeholder."""

SYNONYMS: dict[str, list[str]] = {}
