"""Structured logs: one JSON object per line (`DJANGO_LOG_FORMAT=json`, docs/production.md).

Each line carries `time` (UTC, ISO 8601), `level`, `logger`, `message`, the exception's traceback when
there is one, and the extra fields a caller passed (`log.info("…", extra={"job": id})`) when they are
plain JSON values. No request body and no personal data are added here.
"""

import datetime
import json
import logging

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if (
                key not in _STANDARD
                and not key.startswith("_")
                and isinstance(value, str | int | float | bool)
            ):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
