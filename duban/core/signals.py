"""Signals of the foundation, so it can report without importing the apps above it."""

from __future__ import annotations

from django.dispatch import Signal

# An access was refused (403, or 404 for a record that exists outside the user's scope).
# Arguments: user, reason, object_type, object_id, detail. The audit app records it
# (`access.denied`), so probing other units' records leaves a trace (SECURITY.md B2, C1).
access_denied = Signal()

# Rows were inserted without `Model.save` (`duban.core.bulk.insert_rows`, and the services'
# `bulk_create` of node plans): no `post_save` is sent for them. Arguments: sender (the
# model), rows (one mapping of attname → value per row). What is kept in step with the rows
# (the stored warning lights) listens to this as it listens to `post_save`.
rows_inserted = Signal()
