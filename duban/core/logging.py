"""Every log line carries the request id; user text can never start a new log line (C6)."""

from __future__ import annotations

import logging

from duban.core.context import current


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current().request_id or "-"
        if isinstance(record.msg, str):
            record.msg = record.msg.replace("\r", "\\r").replace("\n", "\\n")
        return True
