"""What the assessment announces to the apps above it (which it must not import).

`scores_published` is sent after the publishing transaction commits, with the month; the
screen listens to warm its cached payloads. Audit rows are never written from signals: every
audit row is written by the service that makes the change.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `month` (a duban.core.asof.Month) once a month's scores are published.
scores_published = Signal()
