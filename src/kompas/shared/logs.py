"""What the server's log says about requests.

A refused request (403: a viewer opening a coordinator's page) is no error: Django logs it with
the exception's traceback; the log keeps its one line ("Forbidden (Permission denied): /…").
"""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
