"""Signals of the foundation, so it can report without importing the apps above it."""

from __future__ import annotations

from django.dispatch import Signal

# An access was refused (403, or 404 for a record that exists outside the user's scope).
# Arguments: user, reason, object_type, object_id, detail. The audit app records it
# (`access.denied`), so probing other units' records leaves a trace (SECURITY.md B2, C1).
access_denied = Signal()
