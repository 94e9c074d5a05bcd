"""The one error the document readers raise."""

from __future__ import annotations

__all__ = ["IntakeError"]


class IntakeError(ValueError):
    """A document that cannot be read; the message is Chinese and safe to show to the user."""
