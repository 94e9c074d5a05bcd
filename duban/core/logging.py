"""Every log line carries the request id; user text can never start a new log line (C6)."""

from __future__ import annotations

import logging

from duban.core.context import current


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current().request_id or "-"
        # Render the message with its arguments first: a newline can hide in either.
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = _one_line(message)
        record.args = ()
        return True
